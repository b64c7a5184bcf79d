package io.venice.events.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The damaged lines the event store skipped: each range is logged once (ERROR, naming the segment file and the
 * offset) and counted once ({@link #lines()}, {@code venice_events_store_corrupt_total}), however many readers
 * pass over it. Memory is bounded: at most {@value #MAX_RANGES} ranges are remembered (past that the oldest are
 * forgotten: a reader that reaches one of them again logs and counts it again), and ranges before the oldest
 * retained line are forgotten when the store deletes segments. Thread-safe.
 */
final class StoreDamage {

    private static final Logger LOG = LoggerFactory.getLogger(StoreDamage.class);
    /** Ranges remembered: far more than a damaged disk leaves in the retained segments, a few MB at most. */
    static final int MAX_RANGES = 10_000;

    private final AtomicLong lines = new AtomicLong();
    /** Reported ranges, start → end (exclusive), in store offsets. */
    private final TreeMap<Long, Long> reported = new TreeMap<>();

    /**
     * Bytes {@code [from, to)} of the store, in {@code segment} (whose first byte is at offset {@code base}), hold
     * {@code count} damaged lines (at least one) that readers skip; {@code why} says what is wrong with them.
     */
    void skipped(Path segment, long base, long from, long to, long count, String why) {
        synchronized (reported) {
            Map.Entry<Long, Long> before = reported.floorEntry(from);
            if (before != null && before.getValue() >= to) {
                return; // reported when another reader passed over it
            }
            reported.put(from, to);
            if (reported.size() > MAX_RANGES) {
                reported.pollFirstEntry();
            }
        }
        lines.addAndGet(count);
        LOG.error("Event store: skipped {} damaged line{} ({} bytes) in {} at offset {} (byte {} of the file): {}; "
                        + "the events in {} are lost, the readers go on after them", count, count == 1 ? "" : "s",
                to - from, segment, from, from - base, why, count == 1 ? "it" : "them");
    }

    /** The store no longer holds anything before {@code offset}: ranges there are forgotten. */
    void forgetBefore(long offset) {
        synchronized (reported) {
            reported.headMap(offset).clear();
        }
    }

    /** Damaged lines skipped since the store opened. */
    long lines() {
        return lines.get();
    }
}
