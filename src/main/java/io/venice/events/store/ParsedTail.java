package io.venice.events.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The last lines an {@link EventStore} appended, kept in memory as objects by offset, so a reader that is
 * caught up gets them without reading the file or parsing JSON. A ring: adding past the capacity forgets the
 * oldest. A line appended as text is kept as its text and parsed on its first read, once. Not thread-safe: the
 * store uses it under its lock.
 */
final class ParsedTail {

    private final long[] offsets;
    private final long[] ends;
    /** A {@link StoredEvent}, or the text of a line not parsed yet. */
    private final Object[] values;
    /** Each line's event JSON, or null (a line appended as text). */
    private final byte[][] eventJsons;
    private int first;
    private int size;

    ParsedTail(int capacity) {
        offsets = new long[capacity];
        ends = new long[capacity];
        values = new Object[capacity];
        eventJsons = new byte[capacity][];
    }

    /**
     * Adds the line from {@code offset} to {@code end} (exclusive): a {@link StoredEvent} or its text, and its
     * event's JSON (null for text).
     */
    void add(long offset, long end, Object value, byte[] eventJson) {
        int at;
        if (size < values.length) {
            at = (first + size) % values.length;
            size++;
        } else {
            at = first;
            first = (first + 1) % values.length;
        }
        offsets[at] = offset;
        ends[at] = end;
        values[at] = value;
        eventJsons[at] = eventJson;
    }

    /** Where the oldest line held starts; {@link Long#MAX_VALUE} when none is. */
    long firstOffset() {
        return size == 0 ? Long.MAX_VALUE : offsets[first];
    }

    /**
     * Up to {@code maxLines} entries from the line starting at {@code offset} on, parsing with {@code parse} what
     * was appended as text (and keeping the result); null when no held line starts at {@code offset}.
     */
    List<EventStore.Entry> read(long offset, int maxLines, Function<String, StoredEvent> parse) {
        int index = indexOf(offset);
        if (index < 0) {
            return null;
        }
        List<EventStore.Entry> entries = new ArrayList<>(Math.min(maxLines, size - index));
        for (int i = index; i < size && entries.size() < maxLines; i++) {
            int at = (first + i) % values.length;
            if (values[at] instanceof String text) {
                values[at] = parse.apply(text);
            }
            entries.add(new EventStore.Entry(offsets[at], (StoredEvent) values[at], ends[at], eventJsons[at]));
        }
        return entries;
    }

    /** The logical index (0 = oldest) of the line starting at {@code offset}, or -1. */
    private int indexOf(long offset) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long at = offsets[(first + middle) % values.length];
            if (at < offset) {
                low = middle + 1;
            } else if (at > offset) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }
}
