package io.venice.events.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One event, in the Venice event JSON shape. Immutable: the proxy, the dispatcher and the writers
 * each derive the copy they need with the {@code with...} methods.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"kind", "meta", "type", "severity", "message", "category", "object-ref", "source", "count"})
public record Event(
        @JsonProperty("kind") String kind,
        @JsonProperty("meta") Meta meta,
        @JsonProperty("type") String type,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("message") String message,
        @JsonProperty("category") String category,
        @JsonProperty("object-ref") ObjectRef objectRef,
        @JsonProperty("source") EventSource source,
        @JsonProperty("count") Integer count) {

    public static final String KIND = "Event";
    public static final String SELF_LINK_PREFIX = "/events/v1/events/";

    public String uuid() {
        return meta == null ? null : meta.uuid();
    }

    public Instant creationTime() {
        return meta == null ? null : meta.creationTime();
    }

    public Instant modTime() {
        return meta == null ? null : meta.modTime();
    }

    public String nodeName() {
        return source == null ? null : source.nodeName();
    }

    public String component() {
        return source == null ? null : source.component();
    }

    public int countOrOne() {
        return count == null ? 1 : count;
    }

    public Event withMeta(Meta newMeta) {
        return new Event(kind, newMeta, type, severity, message, category, objectRef, source, count);
    }

    public Event withKind(String newKind) {
        return new Event(newKind, meta, type, severity, message, category, objectRef, source, count);
    }

    public Event withCategory(String newCategory) {
        return new Event(kind, meta, type, severity, message, newCategory, objectRef, source, count);
    }

    public Event withSource(EventSource newSource) {
        return new Event(kind, meta, type, severity, message, category, objectRef, newSource, count);
    }

    public Event withCount(int newCount) {
        return new Event(kind, meta, type, severity, message, category, objectRef, source, newCount);
    }
}
