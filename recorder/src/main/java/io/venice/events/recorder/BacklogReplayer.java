package io.venice.events.recorder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.venice.events.recorder.ProxyClient.ProxyUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays backed-up events, oldest file first, as EventList batches. A file is deleted only once the proxy
 * took all of it; after a failure the whole file is sent again later, which is safe because the proxy
 * acknowledges a uuid it already accepted without counting it twice.
 */
final class BacklogReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogReplayer.class);

    private final ProxyClient proxy;
    private final int batchSize;

    BacklogReplayer(ProxyClient proxy, int batchSize) {
        this.proxy = proxy;
        this.batchSize = batchSize;
    }

    /** Sends every file waiting in {@code replayDir}, oldest first; stops at the first the proxy does not take. */
    void replay(Path replayDir) throws IOException, ProxyUnavailableException {
        List<Path> waiting;
        try (Stream<Path> files = Files.list(replayDir)) {
            waiting = files.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : waiting) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
            for (int from = 0; from < lines.size(); from += batchSize) {
                send(lines.subList(from, Math.min(lines.size(), from + batchSize)));
            }
            Files.delete(file);
        }
    }

    private void send(List<String> batch) throws ProxyUnavailableException {
        ProxyReply reply = proxy.send("{\"kind\":\"EventList\",\"items\":[" + String.join(",", batch) + "]}");
        if (reply.retry()) {
            throw new ProxyUnavailableException("proxy busy: " + reply.error());
        }
        if (!reply.ok()) {
            // refused for good (e.g. a type the proxy's catalog lacks): sending again cannot help
            LOG.error("The proxy refused {} backed-up events for good, they are dropped: {}", reply.rejected(), io.venice.events.text.LogText.of(reply.error()));
        }
    }
}
