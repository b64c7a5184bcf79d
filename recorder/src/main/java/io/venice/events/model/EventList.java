package io.venice.events.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A batch of events: {@code {"kind":"EventList","items":[...]}}, on the proxy's wire and to Venice. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"kind", "items"})
public record EventList(@JsonProperty("kind") String kind, @JsonProperty("items") List<Event> items) {

    public static final String KIND = "EventList";

    public static EventList of(List<Event> items) {
        return new EventList(KIND, items);
    }
}
