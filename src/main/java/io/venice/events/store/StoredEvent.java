package io.venice.events.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.venice.events.model.Event;

/**
 * One line of the event store: the state of an event series after one acknowledged occurrence (the first
 * occurrence's uuid, {@code count} = occurrences so far), the uuid that occurrence arrived with, and when the
 * proxy stored it (epoch milliseconds, the proxy's clock), so the proxy's dedup windows and memory of accepted
 * uuids can be rebuilt after a restart.
 * <p>
 * {@code held} marks a repeat's state that the dispatcher's timed aggregator holds and releases later: it is in
 * the store only so that a crash cannot lose it, and writers pass over it (JSON {@code "held":true}, left out
 * when false; lines written before the field existed read as not held).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"occurrence", "at", "held", "event"})
public record StoredEvent(@JsonProperty("occurrence") String occurrence, @JsonProperty("at") long at,
                          @JsonProperty("held") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean held,
                          @JsonProperty("event") Event event) {

    @JsonCreator
    public StoredEvent {
    }

    /** A state the writers deliver (not held). */
    public StoredEvent(String occurrence, long at, Event event) {
        this(occurrence, at, false, event);
    }

    /** This state released for the writers: the same occurrence, count and time, no longer held. */
    public StoredEvent released() {
        return new StoredEvent(occurrence, at, false, event);
    }
}
