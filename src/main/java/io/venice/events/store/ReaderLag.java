package io.venice.events.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How far one store reader (a writer) is behind, computed when asked (a scrape of {@code /metrics}, a
 * {@code GET /status}) from what the store and the reader's feed already hold, so that delivering costs nothing
 * more: the bytes between its offset and the store's end, the lines stored there
 * ({@link EventStore#linesFrom}, counted without parsing), and the age of the oldest of them (one read at its
 * offset). The line count is carried from one call to the next ({@link EventStore.LineCount}): a call reads only
 * the bytes the reader passed and those appended since the last one; the oldest is looked up again only when the
 * offset moved. Thread-safe.
 */
public final class ReaderLag {

    /** Lines read at the reader's offset to find its oldest undelivered state (held states are passed over). */
    static final int OLDEST_PROBE = 64;

    /**
     * What one reader has not delivered: {@code events} stored lines (held states included) in {@code bytes}
     * bytes after its offset; the oldest of them was stored {@code oldest} ago (zero when none); and for how long
     * it has been behind without its offset moving ({@code stalled}: zero when nothing is behind).
     */
    public record Lag(long events, long bytes, Duration oldest, Duration stalled) {
        static final Lag NONE = new Lag(0, 0, Duration.ZERO, Duration.ZERO);
    }

    private final String reader;
    private final Clock clock;
    private final EventStore.LineCount lineCount = new EventStore.LineCount();
    /** The offset whose oldest state {@link #oldestAt} is, epoch ms; -1 when none was looked up. */
    private long oldestFor = -1;
    private long oldestAt;

    public ReaderLag(String reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    public String reader() {
        return reader;
    }

    /** The lag of {@code feed} (this reader's started feed) now. */
    public synchronized Lag of(WriterFeed feed) {
        EventStore store = feed.store();
        long offset = Math.max(feed.committedOffset(), store.firstOffset());
        long bytes = Math.max(0, store.endOffset() - offset);
        if (bytes == 0) {
            return Lag.NONE;
        }
        long events = store.linesFrom(offset, lineCount);
        if (events == 0) {
            return Lag.NONE;
        }
        Instant now = clock.instant();
        Instant oldest = Instant.ofEpochMilli(oldestAt(store, offset));
        Duration age = positive(Duration.between(oldest, now));
        Instant lastMoved = feed.lastMoved();
        // behind since the later of the last move and the oldest event's arrival (an idle writer is not stalled)
        Instant behindSince = lastMoved.isAfter(oldest) ? lastMoved : oldest;
        return new Lag(events, bytes, age, positive(Duration.between(behindSince, now)));
    }

    /** When the first state at {@code offset} not held was stored (the first one, if all probed are held). */
    private long oldestAt(EventStore store, long offset) {
        if (oldestFor != offset) {
            EventStore.Read read = store.read(offset, OLDEST_PROBE);
            if (read.entries().isEmpty()) {
                return clock.millis(); // damaged lines only: nothing to date; counted as just stored
            }
            oldestAt = read.entries().stream().filter(e -> !e.event().held()).findFirst()
                    .orElse(read.entries().get(0)).event().at();
            oldestFor = offset;
        }
        return oldestAt;
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
