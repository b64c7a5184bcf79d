package io.venice.events.policies;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.app.SyslogTarget;
import io.venice.events.model.EventCatalog;
import io.venice.events.model.Severity;
import io.venice.events.writers.SyslogFacility;

/**
 * Reads one policy from its JSON (the API's body) or YAML (an entry of {@code config/event-policies.yaml}) form,
 * reporting every problem at once ({@link PolicyProblems}), each prefixed with the field it is about:
 * <pre>
 * {"name": "siem", "format": "rfc5424", "facility": "local3", "prefix": "venice-events",
 *  "targets": [{"destination": "10.0.0.5:6514", "transport": "tcp"}],
 *  "filters": {"min-severity": "warn", "categories": ["cluster"], "types": ["NODE_DISCONNECTED"]}}
 * </pre>
 * Only {@code name} and {@code targets} are required.
 */
public final class EventPolicyParser {

    /** Most targets one policy may have. */
    public static final int MAX_TARGETS = 16;
    public static final String DEFAULT_FORMAT = "rfc5424";
    public static final SyslogFacility DEFAULT_FACILITY = SyslogFacility.USER;
    public static final String DEFAULT_PREFIX = "venice-events";

    private static final Set<String> FIELDS = Set.of("name", "format", "facility", "prefix", "targets", "filters", "origin");
    private static final Set<String> TARGET_FIELDS = Set.of("destination", "transport");
    private static final Set<String> FILTER_FIELDS = Set.of("min-severity", "categories", "types");
    private static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls");

    private final EventCatalog catalog;
    private final Consumer<SyslogTarget> endpointCheck;

    /**
     * @param catalog       the types a {@code types} filter may name
     * @param endpointCheck throws {@link IllegalArgumentException} (its message reported) for a target this build
     *                      cannot send to: where the syslog endpoint is built ({@code tls} needs its settings)
     */
    public EventPolicyParser(EventCatalog catalog, Consumer<SyslogTarget> endpointCheck) {
        this.catalog = catalog;
        this.endpointCheck = endpointCheck;
    }

    /** The policy in {@code node}; {@code where} prefixes every problem (e.g. {@code "policies[0]."} or {@code ""}). */
    public EventPolicy parse(JsonNode node, String where, String origin) {
        List<String> problems = new ArrayList<>();
        EventPolicy policy = parse(node, where, origin, problems);
        if (!problems.isEmpty()) {
            throw new PolicyProblems(problems);
        }
        return policy;
    }

    /**
     * The policies of a file, {@code policies: [...]} (null or an empty file: none), every problem prefixed with
     * {@code origin} (the file) and the policy's place in the list.
     */
    public List<EventPolicy> parseAll(JsonNode root, String file, String origin) {
        List<String> problems = new ArrayList<>();
        List<EventPolicy> policies = new ArrayList<>();
        JsonNode list = root == null || root.isNull() || root.isMissingNode() ? null : root.get("policies");
        if (root != null && !root.isNull() && !root.isMissingNode() && (!root.isObject() || list != null
                && !list.isNull() && !list.isArray())) {
            throw new PolicyProblems(List.of(file + ": expected 'policies:' with a list of policies"));
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            EventPolicy policy = parse(list.get(i), file + ": policies[" + i + "].", origin, problems);
            if (policy != null && !names.add(policy.name())) {
                problems.add(file + ": policies[" + i + "].name: '" + policy.name() + "' is the name of an earlier policy");
            } else if (policy != null) {
                policies.add(policy);
            }
        }
        if (policies.size() > EventPolicies.MAX_POLICIES) {
            problems.add(file + ": " + policies.size() + " policies; at most " + EventPolicies.MAX_POLICIES);
        }
        if (!problems.isEmpty()) {
            throw new PolicyProblems(problems);
        }
        return policies;
    }

    EventPolicy parse(JsonNode node, String where, String origin, List<String> problems) {
        if (node == null || !node.isObject()) {
            problems.add((where.isEmpty() ? "the policy" : where.substring(0, where.length() - 1))
                    + ": expected an object {\"name\": ..., \"targets\": [...]}");
            return null;
        }
        unknownFields(node, FIELDS, where, problems);
        String name = text(node, "name", where, problems);
        if (name == null) {
            problems.add(where + "name: missing");
        } else if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            problems.add(where + "name: '" + name + "' must be 1 to 63 lower-case letters, digits and '-', starting "
                    + "with a letter or digit");
        }
        String format = Optional.ofNullable(text(node, "format", where, problems)).orElse(DEFAULT_FORMAT)
                .toLowerCase(Locale.ROOT);
        if (!format.equals("rfc5424") && !format.equals("bsd")) {
            problems.add(where + "format: '" + format + "' is not one of rfc5424, bsd");
        }
        SyslogFacility facility = DEFAULT_FACILITY;
        String facilityName = text(node, "facility", where, problems);
        if (facilityName != null) {
            try {
                facility = SyslogFacility.parse(facilityName);
            } catch (IllegalArgumentException e) {
                problems.add(where + "facility: " + e.getMessage());
            }
        }
        String prefix = Optional.ofNullable(text(node, "prefix", where, problems)).orElse(DEFAULT_PREFIX);
        if (!prefix.matches("[!-~]{1,32}")) {
            problems.add(where + "prefix: '" + prefix + "' must be 1 to 32 printable ASCII characters without spaces "
                    + "(it is the APP-NAME / TAG)");
        }
        List<PolicyTarget> targets = targets(node.get("targets"), where + "targets", problems);
        PolicyFilters filters = filters(node.get("filters"), where + "filters", problems);
        return problems.isEmpty() ? new EventPolicy(name, format, facility, prefix, targets, filters, origin) : null;
    }

    private List<PolicyTarget> targets(JsonNode node, String where, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add(where + ": missing; a policy needs at least one target {\"destination\": \"host:port\", "
                    + "\"transport\": \"udp|tcp|tls\"}");
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(where + ": expected a non-empty list of {\"destination\": \"host:port\", \"transport\": "
                    + "\"udp|tcp|tls\"}");
            return List.of();
        }
        if (node.size() > MAX_TARGETS) {
            problems.add(where + ": " + node.size() + " targets; a policy has at most " + MAX_TARGETS);
            return List.of();
        }
        List<PolicyTarget> targets = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = where + "[" + i + "]";
            JsonNode target = node.get(i);
            if (!target.isObject()) {
                problems.add(at + ": expected {\"destination\": \"host:port\", \"transport\": \"udp|tcp|tls\"}");
                continue;
            }
            unknownFields(target, TARGET_FIELDS, at + ".", problems);
            String destination = text(target, "destination", at + ".", problems);
            String transport = text(target, "transport", at + ".", problems);
            if (destination == null) {
                problems.add(at + ".destination: missing (host:port)");
            }
            if (transport == null) {
                problems.add(at + ".transport: missing (udp, tcp or tls)");
            } else if (!TRANSPORTS.contains(transport.toLowerCase(Locale.ROOT))) {
                problems.add(at + ".transport: '" + transport + "' is not one of udp, tcp, tls");
                transport = null;
            }
            if (destination == null || transport == null) {
                continue;
            }
            SyslogTarget parsed = destination(destination, transport.toLowerCase(Locale.ROOT), at, problems);
            if (parsed == null) {
                continue;
            }
            try {
                endpointCheck.accept(parsed);
            } catch (IllegalArgumentException e) {
                problems.add(at + ": " + e.getMessage());
                continue;
            }
            if (!seen.add(parsed.transport() + "://" + parsed.host() + ":" + parsed.port())) {
                problems.add(at + ": " + parsed.transport() + " to " + destination + " is listed twice");
                continue;
            }
            targets.add(new PolicyTarget(parsed));
        }
        return targets;
    }

    /** {@code host:port} (an IPv6 host in brackets), read as the syslog writer's own {@code tcp://host:port}. */
    private static SyslogTarget destination(String destination, String transport, String at, List<String> problems) {
        String problem = at + ".destination: '" + destination + "' is not host:port (a port 1..65535; an IPv6 "
                + "address in brackets, [::1]:514)";
        if (!destination.matches("[A-Za-z0-9.\\-]+:\\d{1,5}|\\[[0-9A-Fa-f:.]+]:\\d{1,5}")) {
            problems.add(problem);
            return null;
        }
        try {
            SyslogTarget tcp = SyslogTarget.parse("tcp://" + destination);
            if (tcp.port() > 65535) {
                problems.add(problem);
                return null;
            }
            return new SyslogTarget(transport, tcp.host(), tcp.port());
        } catch (IllegalArgumentException e) {
            problems.add(problem);
            return null;
        }
    }

    private PolicyFilters filters(JsonNode node, String where, List<String> problems) {
        if (node == null || node.isNull()) {
            return PolicyFilters.NONE;
        }
        if (!node.isObject()) {
            problems.add(where + ": expected {\"min-severity\": ..., \"categories\": [...], \"types\": [...]}");
            return PolicyFilters.NONE;
        }
        unknownFields(node, FILTER_FIELDS, where + ".", problems);
        Severity min = Severity.DEBUG;
        String minName = text(node, "min-severity", where + ".", problems);
        if (minName != null) {
            Optional<Severity> parsed = Severity.parse(minName);
            if (parsed.isEmpty()) {
                problems.add(where + ".min-severity: '" + minName + "' is not one of debug, info, warn, critical");
            } else {
                min = parsed.get();
            }
        }
        Set<String> categories = names(node.get("categories"), where + ".categories", problems);
        for (String category : categories) {
            if (!EventCatalog.CATEGORIES.contains(category)) {
                problems.add(where + ".categories: '" + category + "' is not one of "
                        + new TreeSet<>(EventCatalog.CATEGORIES));
            }
        }
        Set<String> types = names(node.get("types"), where + ".types", problems);
        for (String type : types) {
            if (!catalog.contains(type)) {
                problems.add(where + ".types: '" + type + "' is not a type of the event-type catalog");
            }
        }
        return new PolicyFilters(min, categories, types);
    }

    private static Set<String> names(JsonNode node, String where, List<String> problems) {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray()) {
            problems.add(where + ": expected a list of names");
            return Set.of();
        }
        if (node.size() > 1000) {
            problems.add(where + ": " + node.size() + " names; at most 1000");
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        node.forEach(value -> {
            if (value.isTextual()) {
                names.add(value.asText());
            } else {
                problems.add(where + ": " + value + " is not a name");
            }
        });
        return names;
    }

    private static String text(JsonNode node, String field, String where, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(where + field + ": expected a string, got " + abbreviated(value.toString()));
            return null;
        }
        return value.asText().trim();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(where + abbreviated(name) + ": not a field; the fields are " + new TreeSet<>(known));
            }
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
