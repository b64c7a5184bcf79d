package io.venice.events.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.venice.events.app.ConfigLocation;
import io.venice.events.app.PipelineRunner;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.util.function.ThrowingConsumer;

/**
 * The real pipeline in this JVM: the project's {@code config/} and {@code routes/*.yaml} (or the YAML routes of
 * another folder), with test overrides (free proxy, management and HTTP ingest ports, a temporary data dir) and optional
 * AdviceWith changes applied before start.
 */
public final class PipelineHarness implements AutoCloseable {

    private final PipelineRunner runner;
    private final int proxyPort;
    private final int managementPort;
    private final int httpPort;

    private PipelineHarness(PipelineRunner runner, int proxyPort, int managementPort, int httpPort) {
        this.runner = runner;
        this.proxyPort = proxyPort;
        this.managementPort = managementPort;
        this.httpPort = httpPort;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public CamelContext context() {
        return runner.main().getCamelContext();
    }

    public ProducerTemplate producer() {
        return context().createProducerTemplate();
    }

    public int proxyPort() {
        return proxyPort;
    }

    /** Where {@code /metrics} and {@code /health} are served (when {@code management.enabled} is true). */
    public int managementPort() {
        return managementPort;
    }

    /** Where {@code POST /events} is served (when {@code proxy.http-enabled} is true). */
    public int httpPort() {
        return httpPort;
    }

    /**
     * Whether the writer has delivered everything stored: the fan-out has handed the intake log's events to the
     * writers' logs (looked at first: once it has nothing pending, its last batch is in them) and the writer has
     * nothing pending in its own.
     */
    public boolean delivered(String writer) {
        io.venice.events.store.StoreComponent store = context().getComponent("store",
                io.venice.events.store.StoreComponent.class);
        return !store.reader("fan-out").orElseThrow().hasPending()
                && !store.reader(writer).orElseThrow().hasPending();
    }

    /** Graceful stop, as on SIGTERM: pending counts are flushed before the writers stop. */
    public void stop() throws Exception {
        runner.main().stop();
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    public static int freePort() {
        return RunnerProcess.freePort();
    }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<Map.Entry<String, ThrowingConsumer<AdviceWithRouteBuilder, Exception>>> advices = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Path routes = Path.of("routes");

        private Builder(Path dataDir) {
            properties.put("data.dir", dataDir.toString());
            properties.put("events.node-name", "test-node");
            properties.put("proxy.port", String.valueOf(freePort()));
            properties.put("management.port", String.valueOf(freePort()));
            properties.put("proxy.http-port", String.valueOf(freePort()));
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder clock(Clock testClock) {
            this.clock = testClock;
            return this;
        }

        /** Takes the routes from {@code folder} ({@code *.yaml}) instead of the project's {@code routes/}. */
        public Builder routes(Path folder) {
            this.routes = folder;
            return this;
        }

        /** Changes a route before the pipeline starts, e.g. replacing a writer's endpoint with a mock. */
        public Builder advise(String routeId, ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) {
            advices.add(Map.entry(routeId, advice));
            return this;
        }

        public PipelineHarness start() throws Exception {
            PipelineRunner runner = new PipelineRunner(
                    ConfigLocation.resolve(Path.of("config"), routes), properties, clock);
            runner.main().addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport main) {
                    for (var advice : advices) {
                        try {
                            AdviceWith.adviceWith(main.getCamelContext(), advice.getKey(), advice.getValue());
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot advise route " + advice.getKey(), e);
                        }
                    }
                }
            });
            runner.main().start();
            return new PipelineHarness(runner, Integer.parseInt(properties.get("proxy.port")),
                    Integer.parseInt(properties.get("management.port")), Integer.parseInt(properties.get("proxy.http-port")));
        }
    }
}
