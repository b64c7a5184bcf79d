package io.venice.events.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.time.ZoneId;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.venice.events.dispatcher.DedupWindow;
import io.venice.events.dispatcher.Dispatcher;
import io.venice.events.store.EventStore;
import io.venice.events.store.WriterFeed;
import io.venice.events.writers.DrainOnStop;
import io.venice.events.writers.SyslogConnectionWatch;
import io.venice.events.model.EventCatalog;
import io.venice.events.proxy.AcceptedUuids;
import io.venice.events.proxy.EventDefaults;
import io.venice.events.proxy.EventValidator;
import io.venice.events.proxy.ProxyIntake;
import io.venice.events.writers.DeadLetters;
import io.venice.events.writers.EventLines;
import io.venice.events.writers.HttpRetryPolicy;
import io.venice.events.writers.Rfc3164Formatter;
import io.venice.events.writers.Rfc5424Formatter;
import io.venice.events.writers.SyslogFormatter;
import io.venice.events.writers.WriterHealthCheck;
import io.venice.events.writers.WriterMonitor;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Processor;
import org.apache.camel.component.micrometer.MicrometerConstants;
import io.netty.handler.codec.Delimiters;
import io.venice.events.proxy.ConnectionFlow;
import io.venice.events.proxy.ConnectionLimit;
import io.venice.events.proxy.FatalErrorHook;
import io.venice.events.proxy.LineBatchDecoder;
import io.venice.events.proxy.OversizedLineHandler;
import io.venice.events.proxy.ReplyLinesEncoder;
import org.apache.camel.component.netty.ChannelHandlerFactories;
import org.apache.camel.component.syslog.netty.Rfc5425Encoder;
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
    public static final String STORE_DROPPED = "venice.events.store.dropped";

    private static final Logger LOG = LoggerFactory.getLogger(PipelineBeans.class);

    private final ConfigLocation location;
    private final Clock clock;
    private final SyslogConnectionWatch syslogConnectionWatch;
    private final FatalErrors fatalErrors = new FatalErrors();

    public PipelineBeans(ConfigLocation location, Clock clock) {
        this.location = location;
        this.clock = clock;
        this.syslogConnectionWatch = new SyslogConnectionWatch(clock);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        PipelineConfig config = PipelineConfig.from(properties::resolveProperty);
        PipelineConfig.retiredKeysSet(properties::resolveProperty).forEach(LOG::warn);
        EventCatalog catalog = loadCatalog(context, location.resolveFile(config.eventTypesFile().toString()));
        MeterRegistry meters = meterRegistry(context);

        context.getRegistry().bind("pipelineConfig", config);
        context.getRegistry().bind("eventCatalog", catalog);
        AcceptedUuids acceptedUuids = new AcceptedUuids(config.duplicateUuidWindow(), config.duplicateUuidMax(), clock);
        context.getRegistry().bind("proxyIntake", new ProxyIntake(
                new EventValidator(catalog, config.proxyTypeCheck()),
                new EventDefaults(catalog, config.nodeName(), config.proxyOverwriteNodeName(), clock),
                acceptedUuids, meters));
        EventStore store = openStore(context, config, meters);
        Dispatcher dispatcher = new Dispatcher(new DedupWindow(config.dedupInterval(), config.maxKeys(), clock, meters),
                acceptedUuids, store, clock);
        dispatcher.rebuild();
        context.getRegistry().bind("dispatcher", dispatcher);
        context.getRegistry().bind("eventLines", new EventLines());
        context.getRegistry().bind("syslogFormatter", syslogFormatter(config));
        HttpRetryPolicy veniceRetryPolicy = new HttpRetryPolicy(clock);
        context.getRegistry().bind("veniceRetryPolicy", veniceRetryPolicy);
        context.getRegistry().bind("deadLetters", new DeadLetters(config.dataDir().resolve("dead-letter"), clock));
        bindWriterMonitors(context, config, meters, veniceRetryPolicy);
        bindWriterFeeds(context, config, store, drainTimeout(properties));
        bindProxyCodec(context, config.proxyMaxLineBytes());
        bindProxyConnections(context, config, meters);
        context.getRegistry().bind("rfc5425", new Rfc5425Encoder());
        context.getRegistry().bind("byteArrayEncoder", ChannelHandlerFactories.newByteArrayEncoder("tcp"));
        context.getRegistry().bind("syslogConnectionWatch", syslogConnectionWatch);

        // derived.* keys: values computed from the configuration, in the form Camel's options take
        config.durations().forEach((key, value) ->
                properties.addOverrideProperty("derived." + key + "-ms", String.valueOf(value.toMillis())));
        properties.addOverrideProperty("derived.writers.syslog.endpoint", syslogEndpoint(config));
        properties.addOverrideProperty("derived.writers.venice.endpoint", veniceEndpoint(config));
    }

    /**
     * The event store, closed when Camel stops its services (after the routes), and the count of events it
     * dropped when full ({@code venice_events_store_dropped_total}).
     */
    private static EventStore openStore(CamelContext context, PipelineConfig config, MeterRegistry meters)
            throws Exception {
        EventStore store = new EventStore(config.storeDir(), config.storeSegmentBytes(), config.storeMaxBytes(),
                config.storeWhenFull(), config.storeFsync());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                store.close();
            }
        });
        FunctionCounter.builder(STORE_DROPPED, store, EventStore::dropped)
                .description("Events the event store deleted unsent because it was full (store.when-full=drop-oldest)")
                .register(meters);
        return store;
    }

    /**
     * One {@link WriterFeed} per writer ({@code fileFeed}, {@code veniceFeed}, {@code syslogFeed}): the writer
     * routes take their batches from it and commit them once delivered. Only the enabled writers' feeds are
     * opened (a disabled writer holds no events in the store), and only they are drained on a graceful stop.
     */
    private void bindWriterFeeds(CamelContext context, PipelineConfig config, EventStore store, Duration drainTimeout) {
        Path offsets = config.storeDir().resolve("offsets");
        WriterFeed file = new WriterFeed("file", store, offsets, 500, clock);
        WriterFeed venice = new WriterFeed("venice", store, offsets, config.veniceBatchSize(), clock)
                .batchesWaitingAtMost(config.veniceBatchInterval());
        WriterFeed syslog = config.syslogTarget() != null && config.syslogTarget().isTcp()
                ? new WriterFeed("syslog", store, offsets, 500, clock, config.syslogConfirmAfter(),
                        syslogConnectionWatch::lastDrop)
                : new WriterFeed("syslog", store, offsets, 500, clock);
        context.getRegistry().bind("fileFeed", file);
        context.getRegistry().bind("veniceFeed", venice);
        context.getRegistry().bind("syslogFeed", syslog);
        List<DrainOnStop.Writer> enabled = new ArrayList<>();
        if (config.fileEnabled()) {
            enabled.add(new DrainOnStop.Writer(file.open(), monitor(context, "fileMonitor")));
        }
        if (config.veniceEnabled()) {
            enabled.add(new DrainOnStop.Writer(venice.open(), monitor(context, "veniceMonitor")));
        }
        if (config.syslogEnabled()) {
            enabled.add(new DrainOnStop.Writer(syslog.open(), monitor(context, "syslogMonitor")));
        }
        context.getManagementStrategy().addEventNotifier(new DrainOnStop("proxy", enabled, drainTimeout, clock));
        store.onDropped((writer, events) -> monitor(context, writer + "Monitor").dropped(events));
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
     * told by the writer routes what became of their events; a readiness check for each enabled writer with a
     * remote destination; and the processors the routes run when a delivery attempt fails.
     */
    private void bindWriterMonitors(CamelContext context, PipelineConfig config, MeterRegistry meters,
                                    HttpRetryPolicy veniceRetryPolicy) {
        WriterMonitor file = new WriterMonitor("file", meters, clock);
        WriterMonitor venice = new WriterMonitor("venice", meters, clock);
        WriterMonitor syslog = new WriterMonitor("syslog", meters, clock);
        context.getRegistry().bind("fileMonitor", file);
        context.getRegistry().bind("veniceMonitor", venice);
        context.getRegistry().bind("syslogMonitor", syslog);
        if (config.veniceEnabled()) {
            context.getRegistry().bind("veniceHealth", new WriterHealthCheck(venice));
        }
        if (config.syslogEnabled()) {
            context.getRegistry().bind("syslogHealth", new WriterHealthCheck(syslog));
        }
        // a failed POST that will be retried: counted (a permanent refusal is a dead letter instead), then the
        // retry policy sets the delay before the next attempt
        Processor veniceAttemptFailed = exchange -> {
            if (!veniceRetryPolicy.isPermanent(exchange)) {
                venice.attemptFailed(exchange);
            }
            veniceRetryPolicy.process(exchange);
        };
        context.getRegistry().bind("veniceAttemptFailed", veniceAttemptFailed);
        context.getRegistry().bind("syslogAttemptFailed", (Processor) syslog::attemptFailed);
    }

    /**
     * The proxy's line codec of one exchange per line, until the proxy route takes batches: UTF-8 lines in; an
     * over-long line becomes an error reply instead of a closed connection.
     */
    private static void bindProxyCodec(CamelContext context, int maxLineBytes) {
        context.getRegistry().bind("proxyLineFrames",
                ChannelHandlerFactories.newDelimiterBasedFrameDecoder(maxLineBytes, Delimiters.lineDelimiter(), "tcp"));
        context.getRegistry().bind("proxyLineText", ChannelHandlerFactories.newStringDecoder(StandardCharsets.UTF_8, "tcp"));
        context.getRegistry().bind("proxyOversizedLines", new OversizedLineHandler(maxLineBytes));
    }

    /**
     * The proxy's Netty handlers, in the order of the route's {@code decoders}: {@code proxyConnectionLimit}
     * (proxy.max-connections), {@code proxyLineBatches} (one {@code List} of lines per read), {@code
     * proxyConnectionFlow} (backpressure, replies before close, proxy.idle-timeout), {@code proxyFatalErrors}
     * (an out-of-memory error ends the process; it is the consumer's {@code exceptionHandler} too); and the
     * {@code encoders}: {@code proxyReplyLines} (a batch's reply lines in UTF-8, with the final newline).
     */
    private void bindProxyConnections(CamelContext context, PipelineConfig config, MeterRegistry meters) {
        context.getRegistry().bind("proxyConnectionLimit", new ConnectionLimit(config.proxyMaxConnections(), meters));
        context.getRegistry().bind("proxyLineBatches", new LineBatchDecoder.Factory(config.proxyMaxLineBytes()));
        context.getRegistry().bind("proxyConnectionFlow", new ConnectionFlow.Factory(ConnectionFlow.DEFAULT_MAX_UNANSWERED,
                ConnectionFlow.DEFAULT_WATER_MARK, config.proxyIdleTimeout(), clock));
        context.getRegistry().bind("proxyFatalErrors",
                new FatalErrorHook(error -> fatalErrors.haltIfFatal("proxy connection", error)));
        context.getRegistry().bind("proxyReplyLines", new ReplyLinesEncoder());
    }

    private SyslogFormatter syslogFormatter(PipelineConfig config) {
        if ("bsd".equals(config.syslogFormat())) {
            return new Rfc3164Formatter(config.syslogFacility(), config.syslogPrefix(), clock, ZoneId.systemDefault());
        }
        return new Rfc5424Formatter(config.syslogFacility(), config.syslogPrefix(), config.syslogEnterpriseNumber(), clock);
    }

    /** netty producer URI for the syslog target: octet-counted TCP (RFC 6587) or one datagram per message; the body is UTF-8 bytes. */
    static String syslogEndpoint(PipelineConfig config) {
        SyslogTarget target = config.syslogTarget();
        // one shared connection: sends are queued on it in order (a pool opened a connection per in-flight send)
        String base = "netty:" + target.transport() + "://" + target.host() + ":" + target.port()
                + "?sync=false&producerPoolEnabled=false";
        return target.isTcp()
                ? base + "&encoders=#rfc5425,#byteArrayEncoder&decoders=#syslogConnectionWatch"
                : base + "&udpByteArrayCodec=true";
    }

    /** camel-http producer URI: throw on non-2xx so the route's error handling decides; time out a silent server. */
    static String veniceEndpoint(PipelineConfig config) {
        String url = config.veniceUrl().toString();
        long timeout = config.veniceTimeout().toMillis();
        return url + (url.contains("?") ? "&" : "?") + "throwExceptionOnFailure=true"
                + "&connectTimeout=" + timeout + "&responseTimeout=" + timeout;
    }

    private static EventCatalog loadCatalog(CamelContext context, String uri) throws IOException {
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, uri)) {
            return EventCatalog.read(in, uri);
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException(List.of("events.types-file: " + uri + " not found"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage().split("\n")));
        }
    }
}
