package io.venice.events.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The known event types, loaded from {@code event-types.yaml}: type name to category, severity and description. */
public final class EventCatalog {

    /** The categories Venice knows; a catalog entry with any other category is a configuration error. */
    public static final Set<String> CATEGORIES = Set.of("cluster", "network", "system", "rollout", "config", "resource");

    private final Map<String, EventType> types;

    public EventCatalog(Map<String, EventType> types) {
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    public Optional<EventType> find(String typeName) {
        return Optional.ofNullable(types.get(typeName));
    }

    public boolean contains(String typeName) {
        return types.containsKey(typeName);
    }

    public Map<String, EventType> types() {
        return types;
    }

    /**
     * Reads a catalog: a YAML map {@code types:} of name to {@code category}, {@code severity},
     * {@code description}, {@code suppress-during-maintenance}. Every problem is collected and
     * reported together in one exception.
     */
    public static EventCatalog read(InputStream yaml, String origin) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        List<String> problems = new ArrayList<>();
        Map<String, EventType> types = new LinkedHashMap<>();
        JsonNode typesNode = root == null ? null : root.get("types");
        if (typesNode == null || !typesNode.isObject() || typesNode.isEmpty()) {
            throw new IllegalArgumentException(origin + ": expected a non-empty map 'types:' of event type names");
        }
        typesNode.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            String where = origin + ": types." + name;
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                problems.add(where + ": a type name is letters, digits and '_', starting with a letter");
            }
            String category = text(node, "category");
            if (category == null || !CATEGORIES.contains(category)) {
                problems.add(where + ".category: '" + category + "' is not one of " + new java.util.TreeSet<>(CATEGORIES));
            }
            String severityName = text(node, "severity");
            Optional<Severity> severity = Severity.parse(severityName);
            if (severity.isEmpty()) {
                problems.add(where + ".severity: '" + severityName + "' is not one of info, warn, critical, debug");
            }
            String description = text(node, "description");
            if (description == null || description.isBlank()) {
                problems.add(where + ".description: missing");
            }
            JsonNode suppress = node.get("suppress-during-maintenance");
            if (suppress != null && !suppress.isBoolean()) {
                problems.add(where + ".suppress-during-maintenance: expected true or false");
            }
            types.put(name, new EventType(name, category, severity.orElse(null), description,
                    suppress != null && suppress.asBoolean()));
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new EventCatalog(types);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
