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
import java.util.List;
import java.util.function.Supplier;

import io.venice.events.model.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one writer still has to deliver, read from the event store at the writer's own offset.
 * <p>
 * Every state in the store is handed out in store order, except those marked {@link StoredEvent#held() held}
 * (states the dispatcher's aggregator holds, stored only to survive a crash): the offset moves over them and
 * nothing is delivered for them. {@link #next()} gives a batch to deliver; {@link #commit()} after the
 * destination confirmed it persists the offset before which everything is delivered (temporary file, then
 * atomic rename). After a crash the writer resumes there; states delivered again are upserts with the same
 * count. A writer without an offset file starts at the end of the store ("from now").
 * <p>
 * A destination that takes data without confirming it (syslog over TCP) uses {@code confirmAfter}: a committed
 * batch counts as delivered only once that long has passed without the connection dropping
 * ({@code lastDrop}); when it drops, the feed rewinds to its persisted offset and hands everything out again.
 * Thread-safe: one consumer drives it, the graceful stop watches it.
 */
public final class WriterFeed {

    private static final Logger LOG = LoggerFactory.getLogger(WriterFeed.class);

    /** A state to deliver (its event, JSON, occurrence uuid and store time), the store offset of its line, and since when it is ready. */
    private record Pending(Event event, byte[] eventJson, String occurrence, long at, long offset, Instant since) {
    }

    /**
     * A committed batch awaiting confirmation: the offset it lets the writer move to, when it was handed out (a drop
     * after that may have lost it) and when the destination took it (confirmAfter counts from then: a send retried
     * for longer than confirmAfter is not confirmed the moment it went through).
     */
    private record Sent(long safeOffset, Instant handedOutAt, Instant takenAt) {
    }

    private final String writer;
    private final EventStore store;
    private final Path offsetFile;
    private final int batchSize;
    private final Clock clock;
    private final Duration confirmAfter;
    private final Supplier<Instant> lastDrop;
    private final ArrayDeque<Pending> ready = new ArrayDeque<>();
    private final ArrayDeque<Sent> unconfirmed = new ArrayDeque<>();
    private List<Pending> inFlight = List.of();
    private Instant inFlightSince = Instant.MIN;
    private Instant rewoundFor = Instant.MIN;
    private long committed;
    /** When {@link #committed} last moved on (or the feed opened). */
    private Instant movedAt = Instant.MIN;
    private long delivered;
    private long readPosition;
    private boolean open;
    private Duration maxWait = Duration.ZERO;
    private boolean parseEvents = true;
    private boolean draining;
    /** An offset that could not be saved (a full disk), saved again when possible; -1 when none. */
    private long unsaved = -1;

    /** A feed for a destination that confirms what it takes (a file, an HTTP answer). */
    public WriterFeed(String writer, EventStore store, Path offsetDir, int batchSize, Clock clock) {
        this(writer, store, offsetDir, batchSize, clock, Duration.ZERO, () -> Instant.MIN);
    }

    /** A feed whose batches count as delivered once {@code confirmAfter} has passed with no drop reported by {@code lastDrop}. */
    public WriterFeed(String writer, EventStore store, Path offsetDir, int batchSize, Clock clock,
                      Duration confirmAfter, Supplier<Instant> lastDrop) {
        this.writer = writer;
        this.store = store;
        this.offsetFile = offsetDir.resolve(writer + ".offset");
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
     * {@code false}: events read from the store's files are handed out as their stored JSON, parsed into events
     * only when a step asks ({@link EventBatch#get}): for a writer that sends the JSON as it is.
     */
    public synchronized WriterFeed parsingEvents(boolean parseEvents) {
        this.parseEvents = parseEvents;
        return this;
    }

    /**
     * Takes this writer's place in the store: from its offset file (or the oldest event the store still holds,
     * when it deleted the events at that offset), or from the end of the store for a writer that has none (a new
     * writer starts from now). Only enabled writers open their feed, so a disabled writer
     * holds no events back.
     */
    public synchronized WriterFeed open() {
        committed = storedOffset();
        if (committed < store.firstOffset()) {
            // deleted while this writer was disabled, or dropped when full: go on with what the store still holds
            LOG.warn("Writer {}: the event store no longer holds the events from its offset {} to {}; it goes on from "
                    + "there", writer, committed, store.firstOffset());
            committed = store.firstOffset();
        } else if (committed > store.endOffset()) {
            LOG.warn("Writer {}: its offset {} is past the end of the event store ({}): the store was emptied by hand? "
                    + "Starting from its end", writer, committed, store.endOffset());
            committed = store.endOffset();
        } else {
            long lineStart = store.lineStart(committed);
            if (lineStart != committed) {
                LOG.error("Writer {}: its offset {} in {} falls inside a stored line (the offset file was damaged): it "
                        + "goes back to the start of that line, offset {}, and may send that line again", writer,
                        committed, offsetFile, lineStart);
                committed = lineStart;
            }
        }
        persist(committed); // where this writer starts, whichever way it was found
        readPosition = committed;
        delivered = committed;
        movedAt = clock.instant();
        store.registerReader(writer, committed);
        open = true;
        return this;
    }

    /**
     * The offset in this writer's offset file; the end of the store when it has none (a new writer starts from
     * now); the oldest retained line when the file holds no offset (e.g. emptied by a power cut, or damaged):
     * everything retained is sent again rather than any of it skipped.
     */
    private long storedOffset() {
        byte[] bytes;
        try {
            Files.createDirectories(offsetFile.getParent());
            if (!Files.exists(offsetFile)) {
                return store.endOffset();
            }
            bytes = Files.readAllBytes(offsetFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the offset of writer " + writer + " in " + offsetFile, e);
        }
        long offset = parseOffset(bytes);
        if (offset < 0) {
            LOG.error("Writer {}: its offset file {} does not hold an offset ({} bytes: {}); it starts from the oldest "
                    + "event the store holds, offset {}, and sends again everything retained rather than skip any of "
                    + "it", writer, offsetFile, bytes.length, printable(bytes), store.firstOffset());
            return store.firstOffset();
        }
        return offset;
    }

    /** The decimal digits (surrounding whitespace allowed) as a number; -1 for anything else. */
    static long parseOffset(byte[] bytes) {
        int from = 0;
        int to = bytes.length;
        while (from < to && Character.isWhitespace(bytes[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(bytes[to - 1])) {
            to--;
        }
        if (from == to || to - from > 18) {
            return -1;
        }
        long offset = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return -1;
            }
            offset = offset * 10 + (bytes[i] - '0');
        }
        return offset;
    }

    /** At most 32 bytes of a damaged file, printable ASCII as is and anything else as \xNN. */
    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder("'");
        for (int i = 0; i < Math.min(bytes.length, 32); i++) {
            int b = bytes[i] & 0xFF;
            text.append(b >= 0x20 && b < 0x7F && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        return text.append(bytes.length > 32 ? "'..." : "'").toString();
    }

    /** The next batch to deliver, at most the batch size; empty when nothing is due. The same batch again until committed. */
    public synchronized List<Event> next() {
        requireOpen();
        if (inFlight.isEmpty()) {
            settle();
            readAhead();
            List<Pending> batch = new ArrayList<>(Math.min(batchSize, ready.size()));
            if (batchDue()) {
                while (batch.size() < batchSize && !ready.isEmpty()) {
                    batch.add(ready.poll());
                }
            }
            inFlight = batch;
            inFlightSince = clock.instant();
            if (batch.isEmpty()) {
                passHeld();
            }
        }
        Event[] events = new Event[inFlight.size()];
        byte[][] eventJsons = new byte[events.length][];
        String[] occurrences = new String[events.length];
        long[] ats = new long[events.length];
        long[] offsets = new long[events.length];
        for (int i = 0; i < events.length; i++) {
            Pending pending = inFlight.get(i);
            events[i] = pending.event();
            eventJsons[i] = pending.eventJson();
            occurrences[i] = pending.occurrence();
            ats[i] = pending.at();
            offsets[i] = pending.offset();
        }
        return new EventBatch(events, eventJsons, occurrences, ats, offsets);
    }

    /** The batch from {@link #next()} reached the destination: moves the offset as far as everything before it is delivered. */
    public synchronized void commit() {
        inFlight = List.of();
        long safe = safeOffset();
        if (safe > delivered) {
            delivered = safe;
            unconfirmed.add(new Sent(safe, inFlightSince, clock.instant()));
        }
        settle();
    }

    /** Whether a call to {@link #next()} now would give something (or pass held states). */
    public synchronized boolean hasWork() {
        requireOpen();
        if (unsaved >= 0) {
            persist(unsaved);
        }
        settle();
        return !inFlight.isEmpty() || batchDue() || readPosition < store.endOffset();
    }

    /** Whether anything read is not yet delivered and confirmed: states waiting for a batch, batches awaiting confirmation. */
    public synchronized boolean hasPending() {
        return hasWork() || !ready.isEmpty() || !unconfirmed.isEmpty();
    }

    /** Hands out partial batches at once from now on, without waiting for {@code maxWait} (graceful stop). */
    public synchronized void drainNow() {
        draining = true;
    }

    /** Offset before which this writer has delivered everything; the store keeps what lies after it. */
    public synchronized long committedOffset() {
        return committed;
    }

    /** When the offset last moved on (a batch delivered and confirmed, or held states passed), or the feed opened. */
    public synchronized Instant lastMoved() {
        return movedAt;
    }

    /** The event store this feed reads. */
    public EventStore store() {
        return store;
    }

    public String writer() {
        return writer;
    }

    /** Where everything before is delivered: the first state in flight or waiting, or where reading stopped. */
    private long safeOffset() {
        if (!inFlight.isEmpty()) {
            return inFlight.get(0).offset();
        }
        return ready.isEmpty() ? readPosition : ready.peekFirst().offset();
    }

    /**
     * Nothing to hand out, but the states read up to the first one waiting were all held: the offset moves over
     * them. Nothing went to the destination, so there is nothing to confirm, unless batches before them await
     * confirmation (they are confirmed in order).
     */
    private void passHeld() {
        long safe = safeOffset();
        if (safe <= delivered) {
            return;
        }
        delivered = safe;
        if (unconfirmed.isEmpty()) {
            persist(safe);
            committed = safe;
            movedAt = clock.instant();
            store.advanceReader(writer, committed);
        } else {
            unconfirmed.add(new Sent(safe, clock.instant(), clock.instant()));
        }
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
        while (!unconfirmed.isEmpty() && !unconfirmed.peekFirst().takenAt().isAfter(confirmedBefore)) {
            confirmed = unconfirmed.poll().safeOffset();
        }
        if (confirmed > committed) {
            persist(confirmed);
            committed = confirmed;
            movedAt = clock.instant();
            store.advanceReader(writer, committed);
        }
    }

    private void rewind() {
        ready.clear();
        unconfirmed.clear();
        inFlight = List.of();
        readPosition = committed;
        delivered = committed;
    }

    private void readAhead() {
        Instant now = clock.instant();
        while (ready.size() < batchSize) {
            EventStore.Read read = store.read(readPosition, batchSize, parseEvents);
            if (read.skipped()) {
                LOG.error("Writer {} lost the events between offsets {} and {}: the store dropped them while full",
                        writer, readPosition, read.skippedTo());
                readPosition = read.skippedTo();
            }
            if (read.next() <= readPosition) {
                return;
            }
            for (EventStore.Entry entry : read.entries()) {
                if (!entry.event().held()) {
                    StoredEvent stored = entry.event();
                    ready.add(new Pending(stored.event(), entry.eventJson(), stored.occurrence(), stored.at(),
                            entry.offset(), now));
                }
            }
            readPosition = read.next(); // past damaged lines too: the store reported them
        }
    }

    /**
     * Saves the offset (temporary file, then atomic rename). When it cannot be saved (a full disk) the writer goes
     * on delivering: the offset is saved with the next batch, or at the next {@link #hasWork()}; one ERROR when it
     * first fails, one WARN when it is saved again. A restart before that sends again what followed the offset
     * last saved, never less.
     */
    private void persist(long offset) {
        Path temporary = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, Long.toString(offset), StandardCharsets.UTF_8);
            Files.move(temporary, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            if (unsaved < 0) {
                LOG.error("Writer {}: cannot save its offset {} in {} ({}); it goes on delivering and saves it with "
                        + "its next batch (a restart before that sends again what it delivered since)", writer, offset,
                        offsetFile, e.toString());
            }
            unsaved = offset;
            return;
        }
        if (unsaved >= 0) {
            LOG.warn("Writer {}: its offset is saved again ({} in {})", writer, offset, offsetFile);
            unsaved = -1;
        }
    }
}
