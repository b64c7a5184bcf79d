package io.venice.events.recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import io.venice.events.text.LogText;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.FileEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's replay: the file component consumes {@code <component>.bak/}, oldest file first (names sort in
 * record order), every replay interval; each file goes to the proxy in EventList batches, read as a stream, and
 * is deleted only once the proxy took all of it. A file that fails stays for the next poll, and so does every
 * later one ({@link Backlog#mayReplay}). A file sent again after a failure is safe: the proxy acknowledges a uuid
 * it already accepted without counting it twice. {@link Backlog} is the consumer's poll strategy.
 */
final class ReplayRoute extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayRoute.class);

    private final String routeId;
    private final Path replayDir;
    private final Duration interval;
    private final int batchSize;
    private final String proxyUri;
    private final Backlog backlog;

    ReplayRoute(String routeId, Path replayDir, Duration interval, int batchSize, String proxyUri, Backlog backlog) {
        this.routeId = routeId;
        this.replayDir = replayDir;
        this.interval = interval;
        this.batchSize = batchSize;
        this.proxyUri = proxyUri;
        this.backlog = backlog;
    }

    @Override
    public void configure() {
        // errors are the route's to catch (doCatch): a batch that fails stops its file's split, and is not logged
        // as a failed exchange once a second while the proxy is away
        errorHandler(noErrorHandler());

        FileEndpoint backupFiles = getContext().getEndpoint("file:" + replayDir.toAbsolutePath()
                + "?noop=true&idempotent=false&sortBy=file:name&antInclude=*.jsonl&charset=UTF-8&synchronous=true"
                + "&initialDelay=0&delay=" + Math.max(1, interval.toMillis()), FileEndpoint.class);
        backupFiles.setPollStrategy(backlog);

        // Backlog replay: each file waiting in the backup, oldest first, in EventList batches; deleted (noop: by the
        // route) once the proxy took all of it, else kept, with the later files of the poll, for the next poll
        from(backupFiles).routeId(routeId)
                .filter(exchange -> backlog.mayReplay())
                    .doTry()
                        .split(body().tokenize("\n", batchSize, false)).streaming().stopOnException()
                            .setBody(exchange -> eventList(exchange.getMessage().getBody(String.class)))
                            .filter(body().isNotNull())
                                .to(proxyUri)
                                .process(this::readReply)
                            .end()
                        .end()
                        .process(exchange -> Files.deleteIfExists(Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class))))
                    .endDoTry()
                    .doCatch(Exception.class)
                        .process(exchange -> backlog.replayFailed(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)))
                    .end()
                .end();
    }

    /** The lines of a batch as one EventList request; null when they are all blank. */
    static String eventList(String lines) {
        String items = Arrays.stream(lines.split("\n")).filter(line -> !line.isBlank()).collect(Collectors.joining(","));
        return items.isEmpty() ? null : "{\"kind\":\"EventList\",\"items\":[" + items + "]}";
    }

    private void readReply(Exchange exchange) throws ProxyBusyException {
        ProxyReply reply = ProxyReply.parse(exchange.getMessage().getBody(String.class));
        if (reply.retry()) {
            throw new ProxyBusyException("proxy busy: " + reply.error());
        }
        if (!reply.ok()) {
            // refused for good (e.g. a type the proxy's catalog lacks): sending again cannot help
            LOG.error("The proxy refused {} backed-up events for good, they are dropped: {}", reply.rejected(),
                    LogText.of(reply.error()));
        }
    }
}
