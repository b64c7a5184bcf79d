package io.venice.events.policies;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.app.SyslogEndpoint;
import io.venice.events.app.TlsFiles;
import io.venice.events.model.EventCatalog;
import io.venice.events.store.StoreComponent;
import io.venice.events.writers.Rfc3164Formatter;
import io.venice.events.writers.Rfc5424Formatter;
import io.venice.events.writers.SyslogConnectionWatch;
import io.venice.events.writers.SyslogFormatter;
import io.venice.events.writers.SyslogFrames;
import io.venice.events.writers.WriterHealthCheck;
import io.venice.events.writers.WriterMonitor;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.spi.ShutdownPrepared;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy targets as writer routes: each made from the {@value #TEMPLATE} route template (routes/event-policies.yaml)
 * with {@link TemplatedRouteBuilder}, its route id and store reader the target's {@link PolicyTarget#readerName
 * reader name}, and its beans bound under that name: {@code <reader>Filter}, {@code Frames}, {@code Monitor}
 * (counters tagged {@code writer=<reader>}, read by the graceful stop too), {@code ConnectionWatch},
 * {@code AttemptFailed}; plus its readiness check {@code writer-<reader>}.
 * <p>
 * {@link #start} adds (or, when it runs, restarts with the new parameters, its progress kept) a target's route;
 * {@link #drop} stops and removes it, unbinds its beans and deletes its offset so the store can trim.
 */
public final class PolicyRoutes implements TargetRoutes {

    public static final String TEMPLATE = "event-policy-target";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyRoutes.class);

    /** What every target shares: writers.syslog.* settings and the pipeline's services. */
    public record Settings(int enterpriseNumber, Duration confirmAfter, EventCatalog catalog, MeterRegistry meters,
                           StoreComponent store, Clock clock, TlsFiles tls) {
    }

    private record Running(WriterMonitor monitor, SyslogConnectionWatch watch, WriterHealthCheck health) {
    }

    private final CamelContext context;
    private final Settings settings;
    private final Map<String, Running> running = new HashMap<>();

    public PolicyRoutes(CamelContext context, Settings settings) {
        this.context = context;
        this.settings = settings;
    }

    /** Starts the route of {@code target} of {@code policy}; one already running is restarted with the new parameters. */
    @Override
    public synchronized void start(EventPolicy policy, PolicyTarget target) throws Exception {
        String reader = target.readerName(policy.name());
        Running beans = running.get(reader);
        if (beans != null) {
            stopRoute(reader);
        } else {
            WriterMonitor monitor = new WriterMonitor(reader, settings.meters(), settings.clock());
            beans = new Running(monitor, new SyslogConnectionWatch(settings.clock()), new WriterHealthCheck(monitor));
            context.getRegistry().bind(reader + "Monitor", monitor);
            context.getRegistry().bind(reader + "ConnectionWatch", beans.watch());
            context.getRegistry().bind(reader + "AttemptFailed", (Processor) monitor::attemptFailed);
            HealthCheckRegistry health = HealthCheckRegistry.get(context);
            if (health != null) {
                health.register(beans.health());
            }
            running.put(reader, beans);
        }
        boolean udp = target.target().transport().equals("udp");
        context.getRegistry().bind(reader + "Filter", new PolicyEventFilter(policy.filters(), settings.catalog()));
        context.getRegistry().bind(reader + "Frames", new SyslogFrames(formatter(policy), !udp));
        TemplatedRouteBuilder.builder(context, TEMPLATE)
                .routeId(reader)
                .parameter("reader", reader)
                .parameter("endpoint", SyslogEndpoint.create(context, reader, target.target(), settings.tls(),
                        reader + "ConnectionWatch"))
                // UDP cannot confirm anything: its batches count as delivered once sent
                .parameter("confirmAfter", udp ? "0" : String.valueOf(settings.confirmAfter().toMillis()))
                .add();
        if (!context.getRouteController().getRouteStatus(reader).isStarted()) {
            context.getRouteController().startRoute(reader);
        }
        LOG.info("Event policy {}: target {}://{} started (writer {})", policy.name(), target.target().transport(),
                target.destination(), reader);
    }

    /**
     * Stops and removes the route of the target with this reader name, unbinds its beans, removes its readiness
     * check and its series from /metrics, and deletes its offset:
     * the target's progress is dropped (a target of that name made later starts from then on).
     */
    @Override
    public synchronized void drop(String reader) throws Exception {
        stopRoute(reader);
        Running beans = running.remove(reader);
        if (beans != null) {
            HealthCheckRegistry health = HealthCheckRegistry.get(context);
            if (health != null) {
                health.unregister(beans.health());
            }
            beans.monitor().removeFrom(settings.meters());
        }
        for (String bean : new String[] {"Monitor", "ConnectionWatch", "AttemptFailed", "Filter", "Frames", "Tls"}) {
            context.getRegistry().unbind(reader + bean);
        }
        try {
            settings.store().dropReader(reader);
        } catch (IOException e) {
            LOG.error("Event policy target {}: cannot delete its offset file {} ({}); delete it by hand", reader,
                    settings.store().offsetFile(reader), e.toString());
        }
        LOG.info("Event policy target {} deleted: its route is removed and its offset file deleted", reader);
    }

    /** The readers of the targets whose routes run. */
    public synchronized java.util.Set<String> readers() {
        return java.util.Set.copyOf(running.keySet());
    }

    /**
     * Stops and removes the route. Its error handler is told first that it stops (as a whole-context stop tells
     * it), so a batch being redelivered to a dead collector gives up at its next attempt (within a second), and
     * the consumer, which waits for its batch in flight, stops at once instead of after the redeliveries: the
     * batch stays in the store for the target's next route.
     */
    private void stopRoute(String reader) throws Exception {
        Route route = context.getRoute(reader);
        if (route == null) {
            return;
        }
        java.util.Set<Service> services = new java.util.LinkedHashSet<>();
        for (Service service : route.getServices()) {
            services.addAll(ServiceHelper.getChildServices(service, true));
        }
        if (route.getProcessor() instanceof Service processor) {
            services.addAll(ServiceHelper.getChildServices(processor, true));
        }
        services.stream().filter(ShutdownPrepared.class::isInstance)
                .forEach(service -> ((ShutdownPrepared) service).prepareShutdown(false, false));
        context.getRouteController().stopRoute(reader);
        context.removeRoute(reader);
    }

    private SyslogFormatter formatter(EventPolicy policy) {
        if ("bsd".equals(policy.format())) {
            return new Rfc3164Formatter(policy.facility(), policy.prefix(), settings.clock(), ZoneId.systemDefault());
        }
        return new Rfc5424Formatter(policy.facility(), policy.prefix(), settings.enterpriseNumber(), settings.clock());
    }
}
