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
import java.util.function.Supplier;

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
 * <p>
 * A destination that takes data without confirming it (syslog over TCP) uses {@code confirmAfter}: a committed
 * batch counts as delivered only once that long has passed without the connection dropping
 * ({@code lastDrop}); when it drops, the feed rewinds to its persisted offset and hands everything out again.
 * Thread-safe: one route drives it, the graceful stop watches it.
 */
public final class WriterFeed {

    private static final Logger LOG = LoggerFactory.getLogger(WriterFeed.class);

    /** A state to deliver and the store offset of the earliest line it stands for. */
    private record Held(Event event, long offset) {
    }

    /** A state ready to go, since when. */
    private record Ready(Held held, Instant since) {
    }

    /** A committed batch awaiting confirmation: the offset it lets the writer move to, and when it was handed out. */
    private record Sent(long safeOffset, Instant handedOutAt) {
    }

    private final String writer;
    private final EventStore store;
    private final Path offsetFile;
    private final Duration flushInterval;
    private final int batchSize;
    private final Clock clock;
    private final Duration confirmAfter;
    private final Supplier<Instant> lastDrop;
    private final ArrayDeque<Ready> ready = new ArrayDeque<>();
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final TreeMap<Long, Integer> undelivered = new TreeMap<>();
    private final ArrayDeque<Sent> unconfirmed = new ArrayDeque<>();
    private List<Held> inFlight = List.of();
    private Instant inFlightSince = Instant.MIN;
    private Instant rewoundFor = Instant.MIN;
    private long committed;
    private long delivered;
    private long readPosition;
    private Instant nextFlush;
    private boolean open;
    private Duration maxWait = Duration.ZERO;
    private boolean draining;

    /** A feed for a destination that confirms what it takes (a file, an HTTP answer). */
    public WriterFeed(String writer, EventStore store, Path offsetDir, Duration flushInterval, int batchSize, Clock clock) {
        this(writer, store, offsetDir, flushInterval, batchSize, clock, Duration.ZERO, () -> Instant.MIN);
    }

    /** A feed whose batches count as delivered once {@code confirmAfter} has passed with no drop reported by {@code lastDrop}. */
    public WriterFeed(String writer, EventStore store, Path offsetDir, Duration flushInterval, int batchSize, Clock clock,
                      Duration confirmAfter, Supplier<Instant> lastDrop) {
        this.writer = writer;
        this.store = store;
        this.offsetFile = offsetDir.resolve(writer + ".offset");
        this.flushInterval = flushInterval;
        this.batchSize = batchSize;
        this.clock = clock;
        this.confirmAfter = confirmAfter;
        this.lastDrop = lastDrop;
    }

    /**
     * A partial batch is handed out only once its oldest event has waited {@code maxWait} (a full batch at
     * once), so a destination that wants few large requests gets them. Zero (the default): at once.
     */
    public synchronized WriterFeed batchesWaitingAtMost(Duration maxWait) {
        this.maxWait = maxWait;
        return this;
    }

    /**
     * Takes this writer's place in the store: from its offset file (or the oldest event the store still holds,
     * when it deleted the events at that offset), or from the end of the store for a writer that has none (a new
     * writer starts from now). Only enabled writers open their feed, so a disabled writer
     * holds no events back.
     */
    public synchronized WriterFeed open() {
        try {
            Files.createDirectories(offsetFile.getParent());
            committed = Files.exists(offsetFile)
                    ? Long.parseLong(Files.readString(offsetFile, StandardCharsets.UTF_8).trim())
                    : store.endOffset();
        } catch (NumberFormatException e) {
            // e.g. emptied by a power cut: send everything retained again rather than lose any of it
            LOG.error("Writer {}: its offset file {} does not hold an offset ({}); it sends again everything the "
                    + "event store holds", writer, offsetFile, e.getMessage());
            committed = store.firstOffset();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the offset of writer " + writer + " in " + offsetFile, e);
        }
        if (committed < store.firstOffset()) {
            // deleted while this writer was disabled, or dropped when full: go on with what the store still holds
            LOG.warn("Writer {}: the event store no longer holds the events from its offset {} to {}; it goes on from "
                    + "there", writer, committed, store.firstOffset());
            committed = store.firstOffset();
        } else if (committed > store.endOffset()) {
            LOG.warn("Writer {}: its offset {} is past the end of the event store ({}): the store was emptied by hand? "
                    + "Starting from its end", writer, committed, store.endOffset());
            committed = store.endOffset();
        }
        persist(committed); // where this writer starts, whichever way it was found
        readPosition = committed;
        delivered = committed;
        nextFlush = clock.instant().plus(flushInterval);
        store.registerReader(writer, committed);
        open = true;
        return this;
    }

    /** The next batch to deliver, at most the batch size; empty when nothing is due. The same batch again until committed. */
    public synchronized List<Event> next() {
        requireOpen();
        if (inFlight.isEmpty()) {
            settle();
            readAhead();
            Instant now = clock.instant();
            if (!now.isBefore(nextFlush)) {
                held.values().forEach(state -> ready.add(new Ready(state, now)));
                held.clear();
                nextFlush = now.plus(flushInterval);
            }
            List<Held> batch = new ArrayList<>(Math.min(batchSize, ready.size()));
            if (batchDue()) {
                while (batch.size() < batchSize && !ready.isEmpty()) {
                    batch.add(ready.poll().held());
                }
            }
            inFlight = batch;
            inFlightSince = clock.instant();
        }
        return inFlight.stream().map(Held::event).toList();
    }

    /** The batch from {@link #next()} reached the destination: moves the offset as far as everything before it is delivered. */
    public synchronized void commit() {
        for (Held done : inFlight) {
            undelivered.computeIfPresent(done.offset(), (offset, count) -> count == 1 ? null : count - 1);
        }
        inFlight = List.of();
        long safe = undelivered.isEmpty() ? readPosition : undelivered.firstKey();
        if (safe > delivered) {
            delivered = safe;
            unconfirmed.add(new Sent(safe, inFlightSince));
        }
        settle();
    }

    /** Whether a call to {@link #next()} now would give something. */
    public synchronized boolean hasWork() {
        requireOpen();
        settle();
        return !inFlight.isEmpty() || batchDue() || readPosition < store.endOffset()
                || (!held.isEmpty() && !clock.instant().isBefore(nextFlush));
    }

    /** Whether anything read is not yet delivered and confirmed: held counts, batches awaiting confirmation. */
    public synchronized boolean hasPending() {
        return hasWork() || !ready.isEmpty() || !held.isEmpty() || !unconfirmed.isEmpty();
    }

    /** Hands out every held state at the next {@link #next()}, without waiting for the interval (graceful stop). */
    public synchronized void flushNow() {
        nextFlush = clock.instant();
        draining = true;
    }

    /** Offset before which this writer has delivered everything; the store keeps what lies after it. */
    public synchronized long committedOffset() {
        return committed;
    }

    public String writer() {
        return writer;
    }

    /** A full batch is ready, or the oldest ready state has waited long enough, or the writer is draining. */
    private boolean batchDue() {
        return !ready.isEmpty() && (draining || ready.size() >= batchSize
                || !ready.peekFirst().since().plus(maxWait).isAfter(clock.instant()));
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("the feed of writer " + writer + " is not open (is the writer enabled?)");
        }
    }

    /** Persists the offsets whose batches are confirmed; after a drop, starts again from the persisted offset. */
    private void settle() {
        if (unconfirmed.isEmpty()) {
            return;
        }
        Instant drop = lastDrop.get();
        if (drop != null && drop.isAfter(rewoundFor) && !unconfirmed.peekFirst().handedOutAt().isAfter(drop)) {
            rewoundFor = drop; // batches handed out from now on went to a connection opened after this drop
            LOG.warn("Writer {}: the connection dropped after a send; everything from offset {} is sent again",
                    writer, committed);
            rewind();
            return;
        }
        Instant confirmedBefore = clock.instant().minus(confirmAfter);
        long confirmed = committed;
        while (!unconfirmed.isEmpty() && !unconfirmed.peekFirst().handedOutAt().isAfter(confirmedBefore)) {
            confirmed = unconfirmed.poll().safeOffset();
        }
        if (confirmed > committed) {
            persist(confirmed);
            committed = confirmed;
            store.advanceReader(writer, committed);
        }
    }

    private void rewind() {
        ready.clear();
        held.clear();
        undelivered.clear();
        unconfirmed.clear();
        inFlight = List.of();
        readPosition = committed;
        delivered = committed;
    }

    private void readAhead() {
        while (ready.size() < batchSize) {
            EventStore.Read read = store.read(readPosition, batchSize);
            if (read.skipped()) {
                LOG.error("Writer {} lost the events between offsets {} and {}: the store dropped them while full",
                        writer, readPosition, read.skippedTo());
                readPosition = read.skippedTo();
                undelivered.headMap(readPosition).clear();
            }
            if (read.entries().isEmpty()) {
                return;
            }
            for (EventStore.Entry entry : read.entries()) {
                take(entry.event().event(), entry.offset());
                readPosition = entry.nextOffset();
            }
        }
    }

    /** A first occurrence is ready at once; a later state is held, the highest count per uuid. */
    private void take(Event state, long offset) {
        if (state.countOrOne() <= 1) {
            ready.add(new Ready(new Held(state, offset), clock.instant()));
            undelivered.merge(offset, 1, Integer::sum);
            return;
        }
        Held earlier = held.get(state.uuid());
        if (earlier == null) {
            held.put(state.uuid(), new Held(state, offset));
            undelivered.merge(offset, 1, Integer::sum);
        } else if (state.countOrOne() >= earlier.event().countOrOne()) {
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
