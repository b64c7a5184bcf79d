package io.venice.events.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The routes the pipeline cannot work without, looked for in the routes folder before anything starts: a
 * folder without {@code dispatcher} would start, then never answer the first event. Required are the proxy
 * ({@code proxy}), the dispatcher ({@code dispatcher}, {@code held-counts}), the event policies' target template
 * ({@code event-policy-target}) and each enabled writer's route
 * ({@code writer-file}, {@code writer-venice}, {@code writer-syslog}); other routes (a destination of one's
 * own) are the operator's.
 */
final class RequiredRoutes {

    /** How a route template's id is told from a route's in {@link Found#routeIds}. */
    static final String TEMPLATE = "template:";

    /** Route id, and the file of the jar's routes that has it. */
    private static final Map<String, String> ALWAYS = ordered("proxy", "proxy.yaml", "dispatcher", "dispatcher.yaml",
            "held-counts", "dispatcher.yaml", "fan-out", "dispatcher.yaml", TEMPLATE + "event-policy-target", "event-policies.yaml");
    /** Route id of a writer, its enabled key, and the file that has it. */
    private static final Map<String, String> WRITERS = ordered("writer-file", "writers.file.enabled",
            "writer-venice", "writers.venice.enabled", "writer-syslog", "writers.syslog.enabled");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * The route ids of the routes folder, what in it is not YAML, and the logs of the event store its routes append
     * to ({@code to: store:<log>}, with the file that does it) and read ({@code from: store:<log>}).
     */
    record Found(Set<String> routeIds, List<String> problems, int files, Map<String, String> logsAppended,
                 Set<String> logsRead) {

        Found(Set<String> routeIds, List<String> problems, int files) {
            this(routeIds, problems, files, Map.of(), Set.of());
        }

        /**
         * A problem per log a route appends to that no route reads (the intake log aside, which the fan-out reads):
         * it would fill up to store.max-bytes, and then hold up the fan-out's multicast.
         */
        List<String> unreadLogs() {
            List<String> problems = new ArrayList<>();
            logsAppended.forEach((log, file) -> {
                if (!"events".equals(log) && !logsRead.contains(log)) {
                    problems.add("routes: " + file + " appends to store:" + log + " but no route reads it (from: store:"
                            + log + " with a reader of its own): its log would fill up to store.max-bytes and then "
                            + "hold up the fan-out");
                }
            });
            return problems;
        }
    }

    private RequiredRoutes() {
    }

    /** Reads every file the pattern matches ({@code file:/dir/*.yaml} or {@code classpath:routes/*.yaml}). */
    static Found find(CamelContext context, String routesPattern) {
        Set<String> ids = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> appended = new java.util.TreeMap<>();
        Set<String> read = new TreeSet<>();
        Collection<Resource> resources;
        try {
            resources = PluginHelper.getPackageScanResourceResolver(context).findResources(routesPattern);
        } catch (Exception e) {
            return new Found(ids, List.of("routes: cannot list " + routesPattern + ": " + e.getMessage()), 0);
        }
        for (Resource resource : resources) {
            try (InputStream in = resource.getInputStream()) {
                JsonNode document = YAML.readTree(in);
                if (document == null || document.isMissingNode() || document.isNull()) {
                    continue;
                }
                for (JsonNode element : document.isArray() ? document : List.of(document)) {
                    // a route, a route made from a template (routeId), a template (event policies' targets)
                    JsonNode id = element.path("route").path("id");
                    JsonNode templated = element.path("templatedRoute").path("routeId");
                    JsonNode template = element.path("routeTemplate").path("id");
                    if (id.isTextual()) {
                        ids.add(id.asText());
                    }
                    if (templated.isTextual()) {
                        ids.add(templated.asText());
                    }
                    if (template.isTextual()) {
                        ids.add(TEMPLATE + template.asText());
                    }
                    JsonNode route = element.has("routeTemplate") ? element.path("routeTemplate").path("route")
                            : element.path("route");
                    storeLog(route.path("from").path("uri")).ifPresent(read::add);
                    storeLogsAppended(route.path("from").path("steps"), resource.getLocation(), appended);
                }
            } catch (IOException e) {
                problems.add("routes: " + resource.getLocation() + " is not YAML: " + ConfigurationCheck.oneLine(e));
            }
        }
        return new Found(ids, problems, resources.size(), appended, read);
    }

    /** Every {@code to: store:<log>} among the steps, at any depth (a multicast's branches, a filter's steps). */
    private static void storeLogsAppended(JsonNode steps, String file, Map<String, String> appended) {
        if (steps.isObject()) {
            JsonNode to = steps.path("to");
            storeLog(to.isObject() ? to.path("uri") : to).ifPresent(log -> appended.putIfAbsent(log, file));
        }
        if (steps.isContainerNode()) {
            steps.forEach(child -> storeLogsAppended(child, file, appended));
        }
    }

    /** The log of a {@code store:<log>[?options]} URI. */
    private static Optional<String> storeLog(JsonNode uri) {
        if (!uri.isTextual() || !uri.asText().startsWith("store:")) {
            return Optional.empty();
        }
        String log = uri.asText().substring("store:".length());
        int options = log.indexOf('?');
        return Optional.of(options < 0 ? log : log.substring(0, options));
    }

    /**
     * A problem per required route missing from {@code ids}; a writer's route is required only when
     * {@code lookup} says its writer is enabled.
     */
    static List<String> problems(Set<String> ids, String routesPattern, Function<String, Optional<String>> lookup) {
        List<String> problems = new ArrayList<>();
        ALWAYS.forEach((id, file) -> {
            if (!ids.contains(id)) {
                problems.add(missing(id, routesPattern, "the pipeline needs it", file));
            }
        });
        WRITERS.forEach((id, enabledKey) -> {
            boolean enabled = lookup.apply(enabledKey).map(String::trim).filter("true"::equalsIgnoreCase).isPresent();
            if (enabled && !ids.contains(id)) {
                problems.add(missing(id, routesPattern, enabledKey + " is true", "writers.yaml"));
            }
        });
        return problems;
    }

    private static String missing(String id, String routesPattern, String why, String file) {
        String what = id.startsWith(TEMPLATE) ? "route template with id '" + id.substring(TEMPLATE.length())
                : "route with id '" + id;
        return "routes: no " + what + "' in " + routesPattern.replaceFirst("^file:", "") + " (" + why
                + "; the jar's routes/" + file + " has it)";
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
