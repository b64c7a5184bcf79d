package io.venice.events.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code validate}: what {@code run} checks before it starts, and the routes read by Camel's YAML DSL, without
 * starting anything (no port opened, nothing written under {@code data.dir}): every problem printed, exit 2;
 * else one line {@code configuration OK: ...}, exit 0.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the configuration (every key's value, unknown keys and environment variables), the event-type "
                + "catalog and the routes as run would, without starting anything. JVM -Dkey=value and environment "
                + "variables count as for run. Exit 0 when all is well (one line: configuration OK), 2 with every problem.")
final class ValidateCommand implements Callable<Integer> {

    /** Components the runner adds itself ({@link io.venice.events.store.StoreComponent}). */
    private static final Set<String> OWN_COMPONENTS = Set.of("store");

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locations;

    @Override
    public Integer call() throws Exception {
        ConfigLocation location = locations.resolve();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation(location.propertiesLocations());
            ConfigurationCheck check = ConfigurationCheck.of(camel, location, System.getenv().keySet());
            List<String> problems = new ArrayList<>(check.problems());
            if (check.routes().problems().isEmpty()) {
                problems.addAll(routeProblems(camel, location.routesPattern()));
            }
            if (problems.isEmpty()) {
                problems.addAll(creationProblems(location));
            }
            if (!problems.isEmpty()) {
                spec.commandLine().getErr().println("venice-events: " + new ConfigException(problems).getMessage());
                return 2;
            }
            PipelineConfig config = check.config();
            List<String> writers = new ArrayList<>();
            if (config.fileEnabled()) {
                writers.add("file");
            }
            if (config.veniceEnabled()) {
                writers.add("venice " + config.veniceUrl());
            }
            if (config.syslogEnabled()) {
                writers.add("syslog " + config.syslogTarget().transport() + "://" + config.syslogTarget().host() + ":"
                        + config.syslogTarget().port());
            }
            spec.commandLine().getOut().println("configuration OK: " + location.propertiesLocations()
                    + "; " + check.catalog().types().size() + " event types; routes " + String.join(", ", check.routes().routeIds()
                    .stream().filter(id -> !id.startsWith(RequiredRoutes.TEMPLATE)).toList())
                    + " from " + location.routesPattern() + "; proxy " + config.proxyHost() + ":" + config.proxyPort()
                    + (config.managementEnabled() ? ", management " + config.managementHost() + ":" + config.managementPort() : "")
                    + "; writers " + String.join(", ", writers) + "; data.dir " + config.dataDir());
            return 0;
        }
    }

    /**
     * The routes loaded by Camel's YAML DSL into a context that is never started (what the DSL refuses), and a
     * problem per endpoint whose component is not in the jar.
     */
    private static List<String> routeProblems(CamelContext camel, String routesPattern) {
        List<String> problems = new ArrayList<>();
        try {
            Collection<Resource> resources = PluginHelper.getPackageScanResourceResolver(camel).findResources(routesPattern);
            for (Resource resource : resources) {
                try {
                    PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
                } catch (Exception e) {
                    problems.add("routes: " + resource.getLocation() + ": " + firstLine(e));
                }
            }
        } catch (Exception e) {
            problems.add("routes: cannot read " + routesPattern + ": " + firstLine(e));
            return problems;
        }
        Set<String> unknownSchemes = new TreeSet<>();
        for (RouteDefinition route : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            List<String> uris = new ArrayList<>();
            FromDefinition from = route.getInput();
            if (from != null && from.getEndpointUri() != null) {
                uris.add(from.getEndpointUri());
            }
            ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ToDefinition.class)
                    .forEach(to -> uris.add(to.getEndpointUri()));
            for (String uri : uris) {
                int colon = uri == null ? -1 : uri.indexOf(':');
                if (colon <= 0 || uri.startsWith("{{")) {
                    continue; // computed by the runner (derived.*): checked with the key it comes from
                }
                String scheme = uri.substring(0, colon);
                if (!OWN_COMPONENTS.contains(scheme) && !unknownSchemes.contains(route.getRouteId() + " " + scheme)
                        && camel.getComponent(scheme, true, false) == null) {
                    unknownSchemes.add(route.getRouteId() + " " + scheme);
                    problems.add("routes: route '" + route.getRouteId() + "' uses " + scheme
                            + ": endpoints, a component that is not in the jar");
                }
            }
        }
        return problems;
    }

    /**
     * The routes created as {@code run} creates them (every bean they name looked up, every endpoint and its options
     * resolved, every expression parsed), in a Camel context that starts none of them: no port is opened. The beans'
     * files (event store, offsets, event files, dead letters) go to a scratch folder deleted afterwards, never to
     * {@code data.dir}. Camel stops at the first route it cannot create: one problem at most.
     */
    private static List<String> creationProblems(ConfigLocation location) throws java.io.IOException {
        Path scratch = java.nio.file.Files.createTempDirectory("venice-events-validate");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.setAutoStartup(false); // routes are created, none is started
            camel.getPropertiesComponent().setLocation(location.propertiesLocations());
            camel.getPropertiesComponent().addOverrideProperty("data.dir", scratch.toString());
            camel.getPropertiesComponent().addOverrideProperty("store.dir", scratch.resolve("store").toString());
            camel.getPropertiesComponent().addOverrideProperty("writers.file.dir", scratch.resolve("events").toString());
            try {
                new PipelineBeans(location, java.time.Clock.systemUTC()).configure(camel);
            } catch (ConfigException e) {
                return e.problems(); // the beans' own files (the event policies): each problem as run lists it
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    PluginHelper.getPackageScanResourceResolver(camel).findResources(location.routesPattern()));
            camel.start();
            return List.of();
        } catch (Exception e) {
            return List.of("routes: " + firstLine(e));
        } finally {
            org.apache.camel.util.FileUtil.removeDir(scratch.toFile());
        }
    }

    private static String firstLine(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage()).lines().map(String::trim).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
    }
}
