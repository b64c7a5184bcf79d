package io.venice.events.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.venice.events.model.EventCatalog;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Everything that can be checked before anything starts, each problem collected: the keys' values
 * ({@link PipelineConfig}), keys and environment variables in a venice-events namespace that are no key
 * ({@link UnknownKeys}), the event-type catalog, and the routes the pipeline needs ({@link RequiredRoutes}).
 * {@code run} stops on any of them; {@code validate} prints them.
 */
record ConfigurationCheck(PipelineConfig config, EventCatalog catalog, RequiredRoutes.Found routes, List<String> problems) {

    /**
     * @param context     whose properties component reads the configuration (files, {@code -D}, environment); not started
     * @param environment names of the environment variables ({@code System.getenv().keySet()})
     */
    static ConfigurationCheck of(CamelContext context, ConfigLocation location, Collection<String> environment) {
        PropertiesComponent properties = context.getPropertiesComponent();
        List<String> problems = new ArrayList<>();
        PipelineConfig config = keys(properties, environment, problems);
        EventCatalog catalog = null;
        String typesFile = properties.resolveProperty("events.types-file").map(String::trim).orElse("");
        if (!typesFile.isEmpty()) {
            try {
                catalog = PipelineBeans.loadCatalog(context, location.resolveFile(typesFile));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            } catch (java.io.IOException e) {
                problems.add("events.types-file: " + location.resolveFile(typesFile) + " cannot be read: " + oneLine(e));
            }
        }
        RequiredRoutes.Found routes = RequiredRoutes.find(context, location.routesPattern());
        problems.addAll(routes.problems());
        problems.addAll(routes.unreadLogs());
        problems.addAll(RequiredRoutes.problems(routes.routeIds(), location.routesPattern(), properties::resolveProperty));
        return new ConfigurationCheck(config, catalog, routes, List.copyOf(problems));
    }

    /**
     * The keys only, for the tools that need the configuration but not the pipeline ({@code replay-dead-letters}):
     * every key's value, and unknown keys and environment variables.
     *
     * @throws ConfigException listing every problem
     */
    static PipelineConfig configuration(CamelContext context, Collection<String> environment) {
        List<String> problems = new ArrayList<>();
        PipelineConfig config = keys(context.getPropertiesComponent(), environment, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** The configuration, or null when a value is wrong; each problem added to {@code problems}. */
    private static PipelineConfig keys(PropertiesComponent properties, Collection<String> environment, List<String> problems) {
        PipelineConfig config = null;
        try {
            config = PipelineConfig.from(properties::resolveProperty);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            Set<String> known = PipelineBeans.shippedKeys();
            problems.addAll(UnknownKeys.problems(PipelineBeans.setKeys(properties), known, PipelineConfig.retiredKeys()));
            problems.addAll(UnknownKeys.environmentProblems(environment, known, PipelineConfig.retiredKeys()));
        } catch (java.io.IOException e) {
            problems.add("config/application.properties of the jar cannot be read: " + e.getMessage());
        }
        return config;
    }

    /** A parser's message (YAML errors span several lines, with a caret under the column) as one line. */
    static String oneLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.equals("^"))
                .takeWhile(line -> !line.startsWith("at [Source")).limit(6)
                .collect(java.util.stream.Collectors.joining(" "));
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
