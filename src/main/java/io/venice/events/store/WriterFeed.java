package io.venice.events.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one writer still has to deliver, read from the event store at the writer's own offset.
 * <p>
 * A first occurrence ({@code count} 1) is handed out at once. A later state of a series is held, only the
 * latest per uuid, and handed out when the flush interval has passed, so a writer sees each repeating event
 * once per interval with its count so far. {@link #next()} gives a batch to deliver; {@link #commit()} after
 * the destination confirmed it persists the offset before which everything is delivered (temporary file, then
 * atomic rename). After a crash the writer resumes there; states delivered again are upserts with the same
 * or a higher count. A writer without an offset file starts at the end of the store ("from now").
 * Not thread-safe: one route drives it.
 */
public final class WriterFeed {

    private static final Logger LOG = LoggerFactory.getLogger(WriterFeed.class);

    /** A state to deliver and the store offset of the earliest line it stands for. */
    private record Held(Event event, long offset) {
    }

    private final String writer;
    private final EventStore store;
    private final Path offsetFile;
    private final Duration flushInterval;
    private final int batchSize;
    private final Clock clock;
    private final ArrayDeque<Held> ready = new ArrayDeque<>();
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final TreeMap<Long, Integer> undelivered = new TreeMap<>();
    private List<Held> inFlight = List.of();
    private long committed;
    private long readPosition;
    private Instant nextFlush;
    private long lost;

    public WriterFeed(String writer, EventStore store, Path offsetDir, Duration flushInterval, int batchSize, Clock clock) {
        this.writer = writer;
        this.store = store;
        this.offsetFile = offsetDir.resolve(writer + ".offset");
        this.flushInterval = flushInterval;
        this.batchSize = batchSize;
        this.clock = clock;
        try {
            Files.createDirectories(offsetDir);
            this.committed = Files.exists(offsetFile)
                    ? Long.parseLong(Files.readString(offsetFile, StandardCharsets.UTF_8).trim())
                    : store.endOffset();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the offset of writer " + writer + " in " + offsetFile, e);
        }
        this.readPosition = committed;
        this.nextFlush = clock.instant().plus(flushInterval);
        store.registerReader(writer, committed);
        if (!Files.exists(offsetFile)) {
            persist(committed);
        }
    }

    /** The next batch to deliver, at most the batch size; empty when nothing is due. The same batch again until committed. */
    public List<Event> next() {
        if (inFlight.isEmpty()) {
            readAhead();
            if (!clock.instant().isBefore(nextFlush)) {
                ready.addAll(held.values());
                held.clear();
                nextFlush = clock.instant().plus(flushInterval);
            }
            List<Held> batch = new ArrayList<>(Math.min(batchSize, ready.size()));
            while (batch.size() < batchSize && !ready.isEmpty()) {
                batch.add(ready.poll());
            }
            inFlight = batch;
        }
        return inFlight.stream().map(Held::event).toList();
    }

    /** The batch from {@link #next()} reached the destination: moves the offset as far as everything before it is delivered. */
    public void commit() {
        for (Held delivered : inFlight) {
            undelivered.computeIfPresent(delivered.offset(), (offset, count) -> count == 1 ? null : count - 1);
        }
        inFlight = List.of();
        long safe = undelivered.isEmpty() ? readPosition : undelivered.firstKey();
        if (safe > committed) {
            persist(safe);
            committed = safe;
            store.advanceReader(writer, committed);
        }
    }

    /** Whether a call to {@link #next()} now would give something. */
    public boolean hasWork() {
        return !inFlight.isEmpty() || !ready.isEmpty() || readPosition < store.endOffset()
                || (!held.isEmpty() && !clock.instant().isBefore(nextFlush));
    }

    /** Hands out every held state at the next {@link #next()}, without waiting for the interval (graceful stop). */
    public void flushNow() {
        nextFlush = clock.instant();
    }

    /** Offset before which this writer has delivered everything; the store keeps what lies after it. */
    public long committedOffset() {
        return committed;
    }

    /** Events this writer never got because the store dropped them (store.when-full=drop-oldest). */
    public long lost() {
        return lost;
    }

    private void readAhead() {
        while (ready.size() < batchSize) {
            EventStore.Read read = store.read(readPosition, batchSize);
            if (read.skipped()) {
                LOG.error("Writer {} lost the events between offsets {} and {}: the store dropped them while full",
                        writer, readPosition, read.skippedTo());
                lost++;
                readPosition = read.skippedTo();
            }
            if (read.entries().isEmpty()) {
                return;
            }
            for (EventStore.Entry entry : read.entries()) {
                take(EventJson.read(entry.line(), StoredEvent.class).event(), readPosition);
                readPosition = entry.nextOffset();
            }
        }
    }

    private void take(Event state, long offset) {
        if (state.countOrOne() <= 1) {
            ready.add(new Held(state, offset));
            undelivered.merge(offset, 1, Integer::sum);
            return;
        }
        Held earlier = held.get(state.uuid());
        if (earlier == null) {
            held.put(state.uuid(), new Held(state, offset));
            undelivered.merge(offset, 1, Integer::sum);
        } else {
            held.put(state.uuid(), new Held(state, earlier.offset()));
        }
    }

    private void persist(long offset) {
        Path temporary = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, Long.toString(offset), StandardCharsets.UTF_8);
            Files.move(temporary, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the offset of writer " + writer, e);
        }
    }
}
