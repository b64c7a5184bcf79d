package io.venice.events.writers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.store.EventBatch;

/**
 * Serialises what the writers send, as UTF-8: a Venice batch, or JSON lines for the file writer. An event the
 * store's batch carries as JSON ({@link EventBatch}) is copied as those bytes, not serialised again.
 */
public final class EventLines {

    private static final byte[] LIST_START = "{\"kind\":\"EventList\",\"items\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LIST_END = "]}".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] NO_BYTES = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    /** {@code {"kind":"EventList","items":[...]}} for the Venice API. */
    public byte[] veniceBatch(List<Event> events) {
        return join(jsonOf(events), LIST_START, (byte) ',', LIST_END);
    }

    /**
     * One JSON line per event, each ending with a newline, as text: camel-file (4.18) writes a {@code byte[]} body
     * with one channel write per buffer and does not look at how much of it was written, so on a nearly full disk
     * the rest of a batch would be lost without an error (DiskFullIT caught it); text goes through a writer, which
     * writes everything or fails.
     */
    public String jsonLines(List<Event> events) {
        byte[][] jsons = jsonOf(events);
        return new String(join(jsons, NO_BYTES, (byte) '\n', jsons.length == 0 ? NO_BYTES : NEWLINE),
                StandardCharsets.UTF_8);
    }

    /** {@code prefix}, the JSONs with {@code separator} between them, {@code suffix}: one array, sized once. */
    private static byte[] join(byte[][] jsons, byte[] prefix, byte separator, byte[] suffix) {
        int length = prefix.length + suffix.length + Math.max(0, jsons.length - 1);
        for (byte[] json : jsons) {
            length += json.length;
        }
        byte[] joined = new byte[length];
        int at = put(joined, 0, prefix);
        for (int i = 0; i < jsons.length; i++) {
            if (i > 0) {
                joined[at++] = separator;
            }
            at = put(joined, at, jsons[i]);
        }
        put(joined, at, suffix);
        return joined;
    }

    /** Each event's JSON: the store's bytes where the batch has them, else serialised now. */
    private static byte[][] jsonOf(List<Event> events) {
        EventBatch batch = EventBatch.of(events);
        byte[][] jsons = new byte[events.size()][];
        for (int i = 0; i < jsons.length; i++) {
            byte[] stored = batch == null ? null : batch.json(i);
            jsons[i] = stored != null ? stored : serialise(events.get(i));
        }
        return jsons;
    }

    private static byte[] serialise(Event event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON for an event", e);
        }
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }
}
