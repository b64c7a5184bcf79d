package io.venice.events.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The Camel component {@code store:}: the logs of the event store as endpoints, {@code store:<log>}.
 * {@code to: store:events} appends the body ({@link StoreProducer}); {@code from: store:events?reader=venice}
 * delivers, batch after batch, what that reader has not delivered yet and moves its offset on once a batch was
 * processed ({@link StoreConsumer}). Options: {@link StoreEndpoint}.
 * <p>
 * Logs other than those given are opened when an endpoint first names them (a writer's own log, {@code
 * store:venice}), by the opener, and closed when the component stops. Each reader's offset lives in
 * {@code <offsetDir>/<reader>.offset}, so a reader name is unique across logs, and only one started consumer may
 * use it. The feeds of the started consumers are kept here for the graceful stop
 * ({@link #readers()}).
 */
public final class StoreComponent extends DefaultComponent {

    /** Header set by the producer: the store offset (Long) of the first event it appended. */
    public static final String OFFSET = "VeniceEventsStoreOffset";
    /** Header set by the consumer: how many events the batch in the body holds (Integer). */
    public static final String BATCH_SIZE = "VeniceEventsBatchSize";

    /** A log name is a directory name. */
    private static final java.util.regex.Pattern LOG_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** The logs by name (guarded by this). */
    private final Map<String, EventStore> logs;
    /** Opens a log not given at construction, by name; null: only the given logs exist. */
    private final java.util.function.Function<String, EventStore> opener;
    /** The logs this component opened, closed when it stops (guarded by this). */
    private final List<EventStore> opened = new java.util.ArrayList<>();
    private final Path offsetDir;
    private final Clock clock;
    /** The feeds of the started consumers, by reader name (guarded by this). */
    private final Map<String, WriterFeed> started = new LinkedHashMap<>();
    private volatile ReaderListener listener = new ReaderListener() { };

    /** Told when a consumer's feed opens and closes (the per-writer gauges follow the started readers with it). */
    public interface ReaderListener {
        default void opened(WriterFeed feed) {
        }

        default void closed(WriterFeed feed) {
        }
    }

    /**
     * @param logs      the event stores by log name ({@code events} for {@code store:events}); the component
     *                  neither opens nor closes them
     * @param offsetDir where each reader keeps its offset file
     * @param clock     the time the readers' batch waits and confirmations are measured by
     */
    public StoreComponent(Map<String, EventStore> logs, Path offsetDir, Clock clock) {
        this(logs, null, offsetDir, clock);
    }

    /**
     * @param opener opens the log of a name not in {@code logs} (lower-case letters, digits, '_', '-'), the first
     *               time an endpoint names it; the component closes it when it stops
     */
    public StoreComponent(Map<String, EventStore> logs, java.util.function.Function<String, EventStore> opener,
                          Path offsetDir, Clock clock) {
        this.logs = new LinkedHashMap<>(logs);
        this.opener = opener;
        this.offsetDir = offsetDir;
        this.clock = clock;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new StoreEndpoint(uri, this, remaining, log(remaining));
    }

    /** The log of this name, opened now if it is new and this component opens logs. */
    public synchronized EventStore log(String name) {
        EventStore log = logs.get(name);
        if (log != null) {
            return log;
        }
        if (opener == null) {
            throw new IllegalArgumentException("store:" + name + ": no event store log is named '" + name
                    + "'; the logs are: " + String.join(", ", new TreeSet<>(logs.keySet())));
        }
        if (!LOG_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("store:" + name + ": a log's name is lower-case letters, digits, '_' "
                    + "and '-', starting with a letter or digit (it names the log's directory); got '" + name + "'");
        }
        log = opener.apply(name);
        logs.put(name, log);
        opened.add(log);
        return log;
    }

    /** The logs by name: those given, then those opened, in that order. */
    public synchronized Map<String, EventStore> logs() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logs));
    }

    @Override
    protected void doStop() throws Exception {
        List<EventStore> closing;
        synchronized (this) {
            closing = List.copyOf(opened);
        }
        for (EventStore log : closing) {
            log.close();
        }
        super.doStop();
    }

    /** Sets the one listener told of every reader that starts or stops from now on. */
    public void onReaders(ReaderListener listener) {
        this.listener = listener;
    }

    /** The feeds of the started consumers, in the order they started: what the graceful stop waits for. */
    public synchronized Collection<WriterFeed> readers() {
        return List.copyOf(started.values());
    }

    /** The feed of the started consumer with this reader name. */
    public synchronized Optional<WriterFeed> reader(String name) {
        return Optional.ofNullable(started.get(name));
    }

    /**
     * A reader is gone for good (a deleted policy target): its offset file is deleted and no log keeps events for
     * it any more. Its consumer must be stopped.
     */
    public synchronized void dropReader(String reader) throws java.io.IOException {
        if (started.containsKey(reader)) {
            throw new IllegalStateException("store reader '" + reader + "' is still started: stop its route first");
        }
        java.nio.file.Files.deleteIfExists(offsetDir.resolve(reader + ".offset"));
        logs.values().forEach(log -> log.forgetReader(reader));
    }

    /** Where a reader's offset is kept. */
    public Path offsetFile(String reader) {
        return offsetDir.resolve(reader + ".offset");
    }

    Path offsetDir() {
        return offsetDir;
    }

    Clock clock() {
        return clock;
    }

    /**
     * A consumer starts: opens its reader's feed, unless a started consumer already uses that reader name. The
     * listener is told outside this component's lock (it registers meters, whose scrape asks for the readers).
     */
    WriterFeed openReader(String reader, Supplier<WriterFeed> feed) {
        WriterFeed opened;
        synchronized (this) {
            if (started.containsKey(reader)) {
                throw new IllegalStateException("store reader '" + reader + "' is already started by another consumer: "
                        + "each reader needs a name of its own (its offset file is "
                        + offsetDir.resolve(reader + ".offset") + ")");
            }
            opened = feed.get().open();
            started.put(reader, opened);
        }
        listener.opened(opened);
        return opened;
    }

    /** A consumer stopped: its feed no longer delivers (the store keeps its events until it starts again). */
    void closeReader(WriterFeed feed) {
        boolean removed;
        synchronized (this) {
            removed = started.remove(feed.writer(), feed);
        }
        if (removed) {
            listener.closed(feed);
        }
    }
}
