package io.venice.events.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.venice.events.model.Event;

/**
 * One line of the event store: the state of an event series after one acknowledged occurrence (the first
 * occurrence's uuid, {@code count} = occurrences so far), the uuid that occurrence arrived with, and when the
 * proxy stored it (epoch milliseconds, the proxy's clock), so the proxy's dedup windows and memory of accepted
 * uuids can be rebuilt after a restart.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"occurrence", "at", "event"})
public record StoredEvent(@JsonProperty("occurrence") String occurrence, @JsonProperty("at") long at,
                          @JsonProperty("event") Event event) {
}
