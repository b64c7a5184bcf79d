package io.venice.events.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The object an event is about, e.g. kind Node, name 20.0.1.61. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"tenant", "namespace", "kind", "name", "uri"})
public record ObjectRef(
        @JsonProperty("tenant") String tenant,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("kind") String kind,
        @JsonProperty("name") String name,
        @JsonProperty("uri") String uri) {

    public static ObjectRef of(String kind, String name) {
        return new ObjectRef(null, null, kind, name, null);
    }
}
