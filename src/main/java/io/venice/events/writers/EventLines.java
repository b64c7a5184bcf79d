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

    /** {@code {"kind":"EventList","items":[...]}} for the Venice API. */
    public byte[] veniceBatch(List<Event> events) {
        byte[][] jsons = jsonOf(events);
        int length = LIST_START.length + LIST_END.length + Math.max(0, jsons.length - 1);
        for (byte[] json : jsons) {
            length += json.length;
        }
        byte[] body = new byte[length];
        int at = put(body, 0, LIST_START);
        for (int i = 0; i < jsons.length; i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            at = put(body, at, jsons[i]);
        }
        put(body, at, LIST_END);
        return body;
    }

    /**
     * One JSON line per event, each ending with a newline, as text: camel-file (4.18) writes a {@code byte[]} body
     * with one channel write per buffer and does not look at how much of it was written, so on a nearly full disk
     * the rest of a batch would be lost without an error (DiskFullIT caught it); text goes through a writer, which
     * writes everything or fails.
     */
    public String jsonLines(List<Event> events) {
        return new String(jsonLineBytes(events), StandardCharsets.UTF_8);
    }

    /** {@link #jsonLines} as UTF-8 bytes. */
    byte[] jsonLineBytes(List<Event> events) {
        byte[][] jsons = jsonOf(events);
        int length = jsons.length;
        for (byte[] json : jsons) {
            length += json.length;
        }
        byte[] lines = new byte[length];
        int at = 0;
        for (byte[] json : jsons) {
            at = put(lines, at, json);
            lines[at++] = '\n';
        }
        return lines;
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
