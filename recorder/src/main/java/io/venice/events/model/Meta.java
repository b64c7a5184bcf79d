package io.venice.events.model;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Object metadata as Venice stores it: identity, tenancy, timestamps and labels. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "tenant", "namespace", "uuid", "labels", "creation-time", "mod-time", "self-link"})
public record Meta(
        @JsonProperty("name") String name,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("uuid") String uuid,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("creation-time") Instant creationTime,
        @JsonProperty("mod-time") Instant modTime,
        @JsonProperty("self-link") String selfLink) {

    public static Meta empty() {
        return new Meta(null, null, null, null, null, null, null, null);
    }

    public Meta withIdentity(String newUuid, String newName, String newSelfLink) {
        return new Meta(newName, tenant, namespace, newUuid, labels, creationTime, modTime, newSelfLink);
    }

    public Meta withTimes(Instant created, Instant modified) {
        return new Meta(name, tenant, namespace, uuid, labels, created, modified, selfLink);
    }
}
