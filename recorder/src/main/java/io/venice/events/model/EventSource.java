package io.venice.events.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Who recorded an event: the component and the node it runs on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"component", "node-name"})
public record EventSource(
        @JsonProperty("component") String component,
        @JsonProperty("node-name") String nodeName) {

    public EventSource withNodeName(String newNodeName) {
        return new EventSource(component, newNodeName);
    }
}
