package io.venice.events.app;

import java.time.Clock;
import java.util.Map;

import org.apache.camel.main.Main;

/**
 * The standalone Camel Main runner: the routes from {@code routes/*.yaml}, the properties from
 * {@code application.properties}, the beans from {@link PipelineBeans}.
 */
public final class PipelineRunner {

    private final Main main;
    private final PipelineBeans beans;

    /**
     * @param overrides properties that win over every other source (used by tests and the command line)
     */
    public PipelineRunner(ConfigLocation location, Map<String, String> overrides, Clock clock) {
        this.main = new Main();
        main.setPropertyPlaceholderLocations(location.propertiesLocations());
        main.configure().withRoutesIncludePattern(location.routesPattern());
        this.beans = new PipelineBeans(location, clock);
        main.configure().addConfiguration(beans);
        overrides.forEach(main::addOverrideProperty);
    }

    public Main main() {
        return main;
    }

    /**
     * Runs until the JVM is asked to stop (Ctrl-C, SIGTERM); returns the exit code. From here on a fatal error
     * in any thread halts the process ({@link FatalErrors}).
     */
    public int run() throws Exception {
        new FatalErrors().installUncaughtHandler();
        try {
            return main.run(new String[0]);
        } catch (Exception e) {
            ListenerPorts ports = beans.listenerPorts();
            if (ports != null && ListenerPorts.isBindFailure(e)) {
                throw new IllegalStateException(ports.taken().orElse("a port of the runner is in use: "
                        + e.getMessage()), e);
            }
            throw e;
        }
    }
}
