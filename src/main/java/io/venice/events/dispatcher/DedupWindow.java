package io.venice.events.dispatcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.venice.events.model.Event;
import io.venice.events.model.Meta;
import io.venice.events.window.FifoTimeWindow;

/**
 * The dispatcher's memory of recent events: one window per dedup key.
 * <p>
 * The first occurrence of a dedup key opens a window of {@code dedupInterval} (not extended by repeats) and
 * is a new event. A repeat inside the window is counted, and becomes the event's new state: the first
 * occurrence's uuid, name, self-link and creation-time, {@code count} = all occurrences so far,
 * {@code mod-time} = this occurrence's. The count saturates at 2,147,483,647 ({@link #saturatedSum}).
 * <p>
 * At most {@code maxKeys} windows are kept, the oldest closed first when full (it is the nearest to its end
 * anyway); the counts already stored are not affected, only the next occurrence starts a new event. A window
 * keeps only what a state needs (the first occurrence's meta and the count) under a 128-bit digest of the key,
 * about 200 bytes a window. Time comes from the injected {@link Clock}.
 */
public final class DedupWindow {

    private record Window(Meta first, int count) {
    }

    /** An occurrence's place in its series: the state to store, and whether it opened the window. */
    public record Counted(Event state, boolean first) {
    }

    /** One MD5 digest per thread for {@link #digest}. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5 (every Java SE has)", e);
        }
    });

    private final FifoTimeWindow<UUID, Window> windows;

    public DedupWindow(Duration dedupInterval, long maxKeys, Clock clock) {
        this.windows = new FifoTimeWindow<>(dedupInterval, maxKeys, clock);
    }

    /**
     * Counts one occurrence into the window of its dedup {@code key} ({@link DedupKeys#keyOf(Event)}) and returns
     * the state it gives its series. The window changes at once; {@link #uncount(String, int)} takes the
     * occurrence back if its state could not be stored. Thread-safe: each window changes atomically.
     */
    public Counted count(String key, Event occurrence) {
        boolean[] opened = {false};
        Window window = windows.compute(digest(key), (k, open) -> {
            opened[0] = open == null;
            return open == null
                    ? new Window(occurrence.meta(), occurrence.countOrOne())
                    : new Window(open.first(), saturatedSum(open.count(), occurrence.countOrOne()));
        });
        return opened[0] ? new Counted(occurrence, true) : new Counted(stateOf(window, occurrence), false);
    }

    /**
     * Takes back {@code occurrences} counted into the window of {@code key} whose states were not stored; a
     * window left with no occurrence closes (the next occurrence opens it again, as a new event).
     */
    public void uncount(String key, int occurrences) {
        UUID digest = digest(key);
        windows.computeIfPresent(digest, (k, open) -> open.count() <= occurrences
                ? null : new Window(open.first(), open.count() - occurrences));
    }

    /**
     * Puts back the window a stored state stands for (at start, from the event store, oldest first). A state of
     * the series already restored with a higher count leaves it as it is: a count released by the timed aggregate
     * can be stored after a later state of its series.
     */
    public void restore(Event state, long storedAtMillis) {
        Window restored = new Window(state.meta(), state.countOrOne());
        windows.restore(digest(DedupKeys.keyOf(state)), storedAtMillis, current -> current != null
                && current.first().uuid().equals(state.uuid()) && current.count() >= restored.count()
                ? current : restored);
    }

    /**
     * A series' count stops at {@link Integer#MAX_VALUE} (what {@code count} can carry on the wire and to Venice)
     * instead of wrapping round to a negative number: past 2,147,483,647 occurrences it says "at least that many".
     */
    static int saturatedSum(int count, int more) {
        long sum = (long) count + more;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }

    /** Open windows. */
    public long size() {
        return windows.size();
    }

    /** The latest occurrence under the first one's identity and creation-time, with the count so far. */
    private static Event stateOf(Window window, Event latest) {
        Meta first = window.first();
        Instant latestTime = latest.modTime() == null || latest.modTime().isBefore(first.modTime())
                ? first.modTime() : latest.modTime();
        return latest.withMeta(first.withTimes(first.creationTime(), latestTime)).withCount(window.count());
    }

    /**
     * Keys hold whole messages; a window needs only to tell them apart (MD5, 128 bits: no practical collisions):
     * the UUID {@link UUID#nameUUIDFromBytes} makes of the key's UTF-8 bytes, with a digest kept per thread
     * instead of one looked up from the security providers for every event.
     */
    static UUID digest(String key) {
        byte[] md5 = MD5.get().digest(key.getBytes(StandardCharsets.UTF_8));
        md5[6] = (byte) (md5[6] & 0x0f | 0x30); // version 3, as nameUUIDFromBytes
        md5[8] = (byte) (md5[8] & 0x3f | 0x80); // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = most << 8 | (md5[i] & 0xff);
            least = least << 8 | (md5[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }
}
