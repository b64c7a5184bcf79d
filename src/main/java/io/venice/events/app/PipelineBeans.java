package io.venice.events.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.venice.events.dispatcher.AcceptedUuidRepository;
import io.venice.events.dispatcher.CollectStates;
import io.venice.events.dispatcher.DedupWindow;
import io.venice.events.dispatcher.DedupWindowRepository;
import io.venice.events.dispatcher.DispatcherExpressions;
import io.venice.events.dispatcher.DispatcherRecovery;
import io.venice.events.dispatcher.HeldCounts;
import io.venice.events.dispatcher.LatestCount;
import io.venice.events.store.EventStore;
import io.venice.events.store.SharedLogUpgrade;
import io.venice.events.store.StoreComponent;
import io.venice.events.writers.SyslogFrames;
import io.venice.events.writers.DrainOnStop;
import io.venice.events.writers.SyslogConnectionWatch;
import io.venice.events.model.EventCatalog;
import io.venice.events.dispatcher.MaintenanceMode;
import io.venice.events.policies.EventPolicies;
import io.venice.events.policies.EventPolicyParser;
import io.venice.events.policies.ManagementApiHandler;
import io.venice.events.policies.PolicyFile;
import io.venice.events.policies.PolicyProblems;
import io.venice.events.policies.PolicyRoutes;
import io.venice.events.policies.PolicySources;
import io.venice.events.proxy.AcceptedUuids;
import io.venice.events.proxy.EventDefaults;
import io.venice.events.proxy.EventValidator;
import io.venice.events.proxy.HttpIngestGate;
import io.venice.events.proxy.HttpIngestStatus;
import io.venice.events.proxy.ProxyIntake;
import io.venice.events.writers.DeadLetters;
import io.venice.events.writers.EventLines;
import io.venice.events.writers.FileAppendRollback;
import io.venice.events.writers.HttpRetryPolicy;
import io.venice.events.writers.Rfc3164Formatter;
import io.venice.events.writers.Rfc5424Formatter;
import io.venice.events.writers.SyslogFormatter;
import io.venice.events.writers.DeadLetterCount;
import io.venice.events.writers.WriterGauges;
import io.venice.events.writers.TlsFailureLog;
import io.venice.events.writers.WriterHealthCheck;
import io.venice.events.writers.WriterMonitor;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Processor;
import org.apache.camel.component.micrometer.MicrometerConstants;
import io.venice.events.proxy.ConnectionFlow;
import io.venice.events.proxy.ConnectionLimit;
import io.venice.events.proxy.FatalErrorHook;
import io.venice.events.proxy.ProxyListeningCheck;
import io.venice.events.proxy.LineBatchDecoder;
import io.venice.events.proxy.ReplyLinesEncoder;
import io.venice.events.proxy.TlsRefusals;
import io.venice.events.tls.PemTls;
import org.apache.camel.component.netty.ChannelHandlerFactories;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the configuration and binds the beans the routes refer to ({@code #name} / {@code ref: name}).
 * Values the routes need in a form the properties do not have (durations in milliseconds, the syslog
 * endpoint) are added as {@code derived.*} properties, so the YAML routes only ever read {@code {{key}}}
 * placeholders, and a {@code -D} or environment override of the original key still goes through validation.
 */
public final class PipelineBeans implements CamelConfiguration {

    /** Micrometer name of the count of events the store dropped when full ({@code venice_events_store_dropped_total}). */
    /** The reader of the intake log whose route hands each batch to every writer's log (routes/dispatcher.yaml). */
    public static final String FAN_OUT_READER = "fan-out";
    public static final String STORE_DROPPED = "venice.events.store.dropped";
    /** Micrometer name of the count of damaged lines the store skipped ({@code venice_events_store_corrupt_total}). */
    public static final String STORE_CORRUPT = "venice.events.store.corrupt";
    /** Micrometer name of the gauge of the store's bytes ({@code venice_events_store_bytes}). */
    public static final String STORE_BYTES = "venice.events.store.bytes";
    /** Micrometer name of the gauge of store.max-bytes ({@code venice_events_store_max_bytes}). */
    public static final String STORE_MAX_BYTES = "venice.events.store.max.bytes";

    private static final Logger LOG = LoggerFactory.getLogger(PipelineBeans.class);

    private final ConfigLocation location;
    private final Clock clock;
    private final SyslogConnectionWatch syslogConnectionWatch;
    private final FatalErrors fatalErrors = new FatalErrors();
    private volatile ListenerPorts listenerPorts;

    public PipelineBeans(ConfigLocation location, Clock clock) {
        this.location = location;
        this.clock = clock;
        this.syslogConnectionWatch = new SyslogConnectionWatch(clock);
    }

    /** The ports of the configuration read at start, once it was (null before). */
    ListenerPorts listenerPorts() {
        return listenerPorts;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        // every problem of the configuration, the catalog and the routes folder at once, before anything starts
        ConfigurationCheck check = ConfigurationCheck.of(context, location, System.getenv().keySet());
        check.throwIfProblems();
        PipelineConfig config = check.config();
        this.listenerPorts = new ListenerPorts(config);
        PipelineConfig.retiredKeysSet(properties::resolveProperty).forEach(LOG::warn);
        EventCatalog catalog = check.catalog();
        MeterRegistry meters = meterRegistry(context);
        if (meters instanceof PrometheusMeterRegistry prometheus) {
            // GET /metrics answers Accept: text/plain and application/openmetrics-text (Camel's route: 406)
            context.getManagementStrategy().addEventNotifier(new MetricsNegotiation(context, prometheus,
                    properties.resolveProperty("camel.metrics.path").orElse("/metrics")));
        }

        context.getRegistry().bind("pipelineConfig", config);
        context.getRegistry().bind("eventCatalog", catalog);
        ProxyIntake proxyIntake = new ProxyIntake(
                new EventValidator(catalog, config.proxyTypeCheck(), config.proxyMinCreationTime()),
                new EventDefaults(catalog, config.nodeName(), config.proxyOverwriteNodeName(), clock), meters);
        context.getRegistry().bind("proxyIntake", proxyIntake);
        // POST /events (routes/http-ingest.yaml): its front on the embedded HTTP server, and its statuses
        context.getRegistry().bind("httpIngestGate", new HttpIngestGate("/events", config.httpMaxRequests(),
                config.proxyMaxLineBytes(), proxyIntake, meters));
        context.getRegistry().bind("httpIngestStatus", new HttpIngestStatus());

        EventStore store = openStore(context, config);
        // the intake log is store:events; each writer's own log (store:venice, ...) opens in store.dir/logs/<log>
        Path offsetDir = config.storeDir().resolve("offsets");
        Path logsDir = config.storeDir().resolve("logs");
        SharedLogUpgrade.run(offsetDir, logsDir, FAN_OUT_READER, List.of("venice", "syslog", "file"));
        StoreComponent storeComponent = new StoreComponent(Map.of("events", store),
                name -> {
                    EventStore log = openWriterLog(config, logsDir.resolve(name));
                    log.onDropped((reader, events) -> dropped(context, reader, events));
                    return log;
                }, offsetDir, clock);
        context.addComponent("store", storeComponent);
        storeMeters(meters, storeComponent, store);
        // per-writer gauges (lag, oldest undelivered, dead letters), for every store reader that starts
        WriterGauges writerGauges = new WriterGauges(meters, storeComponent,
                new DeadLetterCount(config.dataDir().resolve("dead-letter"), clock), clock);
        storeComponent.onReaders(writerGauges);
        bindDispatcher(context, config, store, meters);

        context.getRegistry().bind("eventLines", new EventLines());
        context.getRegistry().bind("fileAppendRollback", new FileAppendRollback(
                Path.of(properties.resolveProperty("writers.file.dir").orElse("data/events"))));
        boolean syslogOverTcp = config.syslogTarget() != null && config.syslogTarget().isTcp();
        context.getRegistry().bind("syslogFrames", new SyslogFrames(syslogFormatter(config), syslogOverTcp));
        HttpRetryPolicy veniceRetryPolicy = new HttpRetryPolicy(clock);
        context.getRegistry().bind("veniceRetryPolicy", veniceRetryPolicy);
        context.getRegistry().bind("deadLetters", new DeadLetters(config.dataDir().resolve("dead-letter"), clock));
        bindWriterMonitors(context, config, meters, veniceRetryPolicy);
        bindProxyConnections(context, config, meters);
        bindEventPolicies(context, config, catalog, meters, storeComponent);
        context.getManagementStrategy().addEventNotifier(new StatusEndpoint(context, new WriterStatuses(context,
                storeComponent, store, writerGauges, context.getRegistry().lookupByNameAndType("proxyConnectionLimit",
                        ConnectionLimit.class))));
        context.getRegistry().bind("byteArrayEncoder", ChannelHandlerFactories.newByteArrayEncoder("tcp"));
        context.getRegistry().bind("syslogConnectionWatch", syslogConnectionWatch);
        context.getManagementStrategy().addEventNotifier(new FatalExchangeErrors(fatalErrors));
        context.getManagementStrategy().addEventNotifier(new DrainOnStop(List.of("proxy", "proxy-tls"), "held-counts-aggregate",
                () -> storeComponent.readers().stream()
                        .map(feed -> new DrainOnStop.Writer(feed, monitor(context, feed.writer() + "Monitor")))
                        .toList(),
                drainTimeout(properties), clock));
        store.onDropped((reader, events) -> dropped(context, reader, events));

        // derived.* keys: values computed from the configuration, in the form Camel's options take
        config.durations().forEach((key, value) ->
                properties.addOverrideProperty("derived." + key + "-ms", String.valueOf(value.toMillis())));
        properties.addOverrideProperty("derived.writers.syslog.endpoint",
                SyslogEndpoint.create(context, "syslog", config.syslogTarget(), config.syslogTls(), "syslogConnectionWatch"));
        // UDP cannot confirm anything: its batches count as delivered once sent
        properties.addOverrideProperty("derived.writers.syslog.confirm-after-ms",
                syslogOverTcp ? String.valueOf(config.syslogConfirmAfter().toMillis()) : "0");
        properties.addOverrideProperty("derived.writers.venice.endpoint", VeniceEndpoint.create(context, config, true));
    }

    /**
     * The intake log of the event store, closed when Camel stops its services (after the routes).
     */
    private static EventStore openStore(CamelContext context, PipelineConfig config) throws Exception {
        EventStore store = new EventStore(config.storeDir(), config.storeSegmentBytes(), config.storeMaxBytes(),
                config.storeWhenFull(), config.storeFsync());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                store.close();
            }
        });
        return store;
    }

    /**
     * The store's meters, each over all its logs (the intake log and the writers' logs, as they open): events
     * dropped when full ({@code venice_events_store_dropped_total}), damaged lines skipped, bytes retained; and
     * store.max-bytes, the limit of each log.
     */
    private static void storeMeters(MeterRegistry meters, StoreComponent component, EventStore intake) {
        FunctionCounter.builder(STORE_DROPPED, component, c -> sum(c, EventStore::dropped))
                .description("Events the event store deleted unsent because it was full (store.when-full=drop-oldest)")
                .register(meters);
        FunctionCounter.builder(STORE_CORRUPT, component, c -> sum(c, EventStore::corruptLines))
                .description("Damaged lines of the event store skipped (checksum or JSON wrong), each logged as an ERROR "
                        + "naming its segment file and offset")
                .register(meters);
        Gauge.builder(STORE_BYTES, component, c -> sum(c, EventStore::retainedBytes))
                .description("Bytes of the event store's retained segments, all its logs: events some reader has not "
                        + "delivered yet (and the rest of their segments)")
                .register(meters);
        Gauge.builder(STORE_MAX_BYTES, intake, EventStore::maxBytes)
                .description("store.max-bytes: the most bytes of events not yet passed on by every reader, in each "
                        + "log of the store")
                .register(meters);
    }

    private static double sum(StoreComponent component, java.util.function.ToLongFunction<EventStore> each) {
        return component.logs().values().stream().mapToLong(each).sum();
    }

    /** A log of the store beside the intake log, with its settings (store.segment-bytes, max-bytes, when-full, fsync). */
    private static EventStore openWriterLog(PipelineConfig config, Path dir) {
        try {
            return new EventStore(dir, config.storeSegmentBytes(), config.storeMaxBytes(), config.storeWhenFull(),
                    config.storeFsync());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the event store log " + dir, e);
        }
    }

    /**
     * The dispatcher's repositories and strategies ({@code acceptedUuids}, {@code dedupWindows},
     * {@code collectStates}, {@code latestCount}, {@code heldCounts}), with their memory rebuilt from the event
     * store before any route starts.
     */
    private void bindDispatcher(CamelContext context, PipelineConfig config, EventStore store, MeterRegistry meters) {
        AcceptedUuids acceptedUuids = new AcceptedUuids(config.duplicateUuidWindow(), config.duplicateUuidMax(), clock);
        DedupWindow windows = new DedupWindow(config.dedupInterval(), config.maxKeys(), clock);
        HeldCounts heldCounts = new HeldCounts(store);
        DispatcherRecovery.rebuild(store, windows, acceptedUuids, heldCounts, context);
        context.getRegistry().bind("acceptedUuids", new AcceptedUuidRepository(acceptedUuids));
        context.getRegistry().bind("dedupWindows", new DedupWindowRepository(windows, clock, meters));
        context.getRegistry().bind("collectStates", new CollectStates());
        context.getRegistry().bind("latestCount", new LatestCount());
        context.getRegistry().bind("heldCounts", heldCounts);
        DispatcherExpressions.byName().forEach(context.getRegistry()::bind);
    }

    /** Every key set: in the properties files Camel read, and as JVM system properties ({@code -Dkey=value}). */
    static java.util.Set<String> setKeys(PropertiesComponent properties) {
        java.util.Set<String> keys = new java.util.HashSet<>(properties.loadProperties().stringPropertyNames());
        keys.addAll(System.getProperties().stringPropertyNames());
        return keys;
    }

    /** The keys venice-events has: those of the application.properties in the jar, where each is documented. */
    static java.util.Set<String> shippedKeys() throws IOException {
        try (InputStream in = PipelineBeans.class.getResourceAsStream("/config/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("config/application.properties is missing from the jar");
            }
            java.util.Properties shipped = new java.util.Properties();
            shipped.load(in);
            return shipped.stringPropertyNames();
        }
    }

    /** The store dropped events a reader had not delivered (store.when-full=drop-oldest): its writer counts them. */
    private static void dropped(CamelContext context, String reader, long events) {
        WriterMonitor monitor = monitor(context, reader + "Monitor");
        if (monitor != null) {
            monitor.dropped(events);
        }
    }

    private static WriterMonitor monitor(CamelContext context, String name) {
        return context.getRegistry().lookupByNameAndType(name, WriterMonitor.class);
    }

    /** Half of camel.main.shutdown-timeout (seconds): the rest is for the routes to stop. */
    private static Duration drainTimeout(PropertiesComponent properties) {
        String seconds = properties.resolveProperty("camel.main.shutdown-timeout").orElse("15").trim();
        try {
            return Duration.ofSeconds(Long.parseLong(seconds)).dividedBy(2);
        } catch (NumberFormatException e) {
            throw new ConfigException(List.of("camel.main.shutdown-timeout: '" + seconds + "' is not a whole number of seconds"));
        }
    }

    /**
     * The registry every counter goes to: the one camel-micrometer-prometheus scrapes at {@code /metrics}.
     * It is created here, before Camel Main sets up metrics, and bound under the name camel-micrometer looks
     * for, so Camel's own meters and ours end up in the same registry.
     */
    private static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry found = context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (found != null) {
            return found;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        return registry;
    }

    /**
     * One {@link WriterMonitor} per writer ({@code fileMonitor}, {@code veniceMonitor}, {@code syslogMonitor}),
     * told by the writer routes what became of their events; a readiness check for each enabled writer; and the
     * processors the routes run when a delivery attempt fails.
     */
    private void bindWriterMonitors(CamelContext context, PipelineConfig config, MeterRegistry meters,
                                    HttpRetryPolicy veniceRetryPolicy) {
        WriterMonitor file = new WriterMonitor("file", meters, clock);
        WriterMonitor venice = new WriterMonitor("venice", meters, clock);
        WriterMonitor syslog = new WriterMonitor("syslog", meters, clock);
        context.getRegistry().bind("fileMonitor", file);
        context.getRegistry().bind("veniceMonitor", venice);
        context.getRegistry().bind("syslogMonitor", syslog);
        if (config.fileEnabled()) {
            context.getRegistry().bind("fileHealth", new WriterHealthCheck(file));
        }
        if (config.veniceEnabled()) {
            context.getRegistry().bind("veniceHealth", new WriterHealthCheck(venice));
        }
        if (config.syslogEnabled()) {
            context.getRegistry().bind("syslogHealth", new WriterHealthCheck(syslog));
        }
        // a failed POST that will be retried: counted (a permanent refusal is a dead letter instead), then the
        // retry policy sets the delay before the next attempt
        TlsFailureLog veniceTls = new TlsFailureLog("venice", String.valueOf(config.veniceUrl()), "writers.venice.tls.",
                config.veniceTls().caFile());
        Processor veniceAttemptFailed = exchange -> {
            if (!veniceRetryPolicy.isPermanent(exchange)) {
                veniceTls.attemptFailed(exchange, venice.unreachable().isEmpty());
                venice.attemptFailed(exchange);
            }
            veniceRetryPolicy.process(exchange);
        };
        context.getRegistry().bind("veniceAttemptFailed", veniceAttemptFailed);
        // a TLS failure is also explained in one ERROR line (untrusted or wrong-host certificate, client certificate)
        TlsFailureLog syslogTls = new TlsFailureLog("syslog", String.valueOf(config.syslogTarget()), "writers.syslog.tls.",
                config.syslogTls().caFile());
        context.getRegistry().bind("syslogAttemptFailed", (Processor) exchange -> {
            syslogTls.attemptFailed(exchange, syslog.unreachable().isEmpty(), syslogConnectionWatch.refusedAfterHandshake());
            syslog.attemptFailed(exchange);
        });
        // a batch the file writer could not append: cut back out of the day file, then counted (and writer-file
        // DOWN until a batch is written)
        FileAppendRollback rollback = context.getRegistry().lookupByNameAndType("fileAppendRollback", FileAppendRollback.class);
        context.getRegistry().bind("fileAttemptFailed", (Processor) exchange -> {
            rollback.process(exchange);
            file.attemptFailed(exchange);
        });
    }

    /**
     * The proxy's Netty handlers, in the order of the route's {@code decoders}: {@code proxyConnectionLimit}
     * (proxy.max-connections), {@code proxyLineBatches} (one {@code List} of lines per read), {@code
     * proxyConnectionFlow} (backpressure, replies before close, proxy.idle-timeout), {@code proxyFatalErrors}
     * (an out-of-memory error ends the process; it is the consumer's {@code exceptionHandler} too); and the
     * {@code encoders}: {@code proxyReplyLines} (a batch's reply lines in UTF-8, with the final newline).
     * Both listeners share them (one proxy.max-connections for both). With proxy.tls.enabled, the TLS listener's
     * {@code proxyTlsContext} (its certificate, key and client CAs), {@code proxyTlsNeedClientAuth}
     * (proxy.tls.client-auth=need) and its first decoder {@code proxyTlsRefusals}.
     */
    private void bindProxyConnections(CamelContext context, PipelineConfig config, MeterRegistry meters) {
        context.getRegistry().bind("proxyConnectionLimit", new ConnectionLimit(config.proxyMaxConnections(), meters));
        context.getRegistry().bind("proxyLineBatches", new LineBatchDecoder.Factory(config.proxyMaxLineBytes()));
        context.getRegistry().bind("proxyConnectionFlow", new ConnectionFlow.Factory(ConnectionFlow.DEFAULT_MAX_UNANSWERED,
                ConnectionFlow.DEFAULT_WATER_MARK, config.proxyIdleTimeout(), clock));
        context.getRegistry().bind("proxyFatalErrors",
                new FatalErrorHook(error -> fatalErrors.haltIfFatal("proxy connection", error)));
        context.getRegistry().bind("proxyReplyLines", new ReplyLinesEncoder());
        List<ProxyListeningCheck.Listener> listeners = new java.util.ArrayList<>();
        if (config.proxyPlaintextEnabled()) {
            listeners.add(new ProxyListeningCheck.Listener("address", config.proxyHost(), config.proxyPort()));
        }
        if (config.httpEnabled()) {
            // POST /events: a TCP connect tells a listening HTTP server as it does a TCP proxy
            listeners.add(new ProxyListeningCheck.Listener("http-address", config.httpHost(), config.httpPort()));
        }
        if (config.proxyTls().enabled()) {
            listeners.add(new ProxyListeningCheck.Listener("tls-address", config.proxyTls().host(), config.proxyTls().port()));
            context.getRegistry().bind("proxyTlsContext", PemTls.camelParameters(config.proxyTls().serverContext()));
            context.getRegistry().bind("proxyTlsNeedClientAuth", config.proxyTls().needClientAuth());
            context.getRegistry().bind("proxyTlsRefusals", new TlsRefusals(meters, clock));
        }
        context.getRegistry().bind("proxyHealth", new ProxyListeningCheck(listeners, Duration.ofSeconds(1)));
    }

    /**
     * Maintenance mode ({@code maintenanceMode}, read by the dispatcher route), the event policies (those of
     * events.policies-file and those created over the API before, kept under data.dir; every problem of both
     * stops the start) and the management API that changes both; the policies' targets start once Camel has.
     */
    private void bindEventPolicies(CamelContext context, PipelineConfig config, EventCatalog catalog,
                                   MeterRegistry meters, StoreComponent storeComponent) throws IOException {
        MaintenanceMode maintenance = new MaintenanceMode(catalog,
                new PolicyFile(config.dataDir().resolve("maintenance.json")), meters);
        context.getRegistry().bind("maintenanceMode", maintenance);
        maintenance.expressions().forEach(context.getRegistry()::bind);
        // a tls target uses the writers.syslog.tls.* files: its TLS context must build (files readable, key and
        // certificate matching), else the policy is refused naming the file
        EventPolicyParser parser = new EventPolicyParser(catalog, target -> {
            if (target.isTls()) {
                config.syslogTls().clientContext(target.host(), target.port());
            }
        });
        PolicyFile persisted = new PolicyFile(config.dataDir().resolve("policies").resolve("event-policies.json"));
        PolicySources sources;
        try {
            sources = PolicySources.read(context, location.resolveFile(config.eventPoliciesFile().toString()), persisted,
                    parser);
        } catch (PolicyProblems e) {
            throw new ConfigException(e.problems());
        }
        PolicyRoutes routes = new PolicyRoutes(context, new PolicyRoutes.Settings(config.syslogEnterpriseNumber(),
                config.syslogConfirmAfter(), catalog, meters, storeComponent, clock, config.syslogTls()));
        EventPolicies policies = new EventPolicies(parser, persisted, routes, sources.fromConfig(),
                sources.fromApi());
        context.getRegistry().bind("eventPolicies", policies);
        context.getManagementStrategy().addEventNotifier(new ManagementApi(context, policies,
                new ManagementApiHandler(policies, maintenance, config.managementApiToken())));
    }

    private SyslogFormatter syslogFormatter(PipelineConfig config) {
        if ("bsd".equals(config.syslogFormat())) {
            return new Rfc3164Formatter(config.syslogFacility(), config.syslogPrefix(), clock, ZoneId.systemDefault());
        }
        return new Rfc5424Formatter(config.syslogFacility(), config.syslogPrefix(), config.syslogEnterpriseNumber(), clock);
    }

    static EventCatalog loadCatalog(CamelContext context, String uri) throws IOException {
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, uri)) {
            return EventCatalog.read(in, uri);
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException(List.of("events.types-file: " + uri + " not found"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage().split("\n")));
        }
    }
}
