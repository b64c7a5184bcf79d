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

    /** The route ids of the routes folder, and what in it is not YAML. */
    record Found(Set<String> routeIds, List<String> problems, int files) {
    }

    private RequiredRoutes() {
    }

    /** Reads every file the pattern matches ({@code file:/dir/*.yaml} or {@code classpath:routes/*.yaml}). */
    static Found find(CamelContext context, String routesPattern) {
        Set<String> ids = new TreeSet<>();
        List<String> problems = new ArrayList<>();
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
                }
            } catch (IOException e) {
                problems.add("routes: " + resource.getLocation() + " is not YAML: " + ConfigurationCheck.oneLine(e));
            }
        }
        return new Found(ids, problems, resources.size());
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
