package io.venice.events.store;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import io.venice.events.json.EventJson;
import io.venice.events.model.Event;

/**
 * A stored line read into its {@link StoredEvent}, with the bytes of the event's own JSON cut out of the line, so
 * that a writer sending events as JSON (Venice, the file) sends those bytes instead of serialising each event
 * again. One pass of a streaming parser; fields the line has that a {@link StoredEvent} does not are passed over,
 * in any order, as the line's databind reading did.
 */
record StoredLine(StoredEvent stored, byte[] eventJson) {

    private static final JsonFactory JSON = EventJson.mapper().getFactory();
    private static final ObjectReader EVENT = EventJson.mapper().readerFor(Event.class);
    private static final byte[] EVENT_FIELD = "\"event\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The JSON object {@code bytes[from, to)} as a stored event; a line that is no JSON object throws. With
     * {@code bindEvent} false the event is only checked to be a JSON object and cut out ({@link #eventJson()}),
     * not read into an {@link Event} ({@code stored().event()} is null).
     */
    static StoredLine parse(byte[] bytes, int from, int to, boolean bindEvent) throws IOException {
        try (JsonParser parser = JSON.createParser(bytes, from, to - from)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "not a JSON object");
            }
            String occurrence = null;
            long at = 0;
            boolean held = false;
            Event event = null;
            byte[] eventJson = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "occurrence" -> occurrence = value == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                    case "at" -> at = parser.getValueAsLong();
                    case "held" -> held = parser.getValueAsBoolean();
                    case "event" -> {
                        if (value == JsonToken.START_OBJECT) {
                            long start = parser.currentTokenLocation().getByteOffset();
                            if (bindEvent) {
                                event = EVENT.readValue(parser);
                            } else {
                                parser.skipChildren();
                                event = null;
                            }
                            long end = parser.currentLocation().getByteOffset();
                            eventJson = slice(bytes, from, start, end);
                        } else {
                            parser.skipChildren();
                            event = null;
                            eventJson = null;
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new JsonParseException(parser, "the object does not end");
            }
            return new StoredLine(new StoredEvent(occurrence, at, held, event), eventJson);
        }
    }

    // the fields of a line in the shape this store writes (EventStore's Request.ofEvents, CopiedLines.of), in order
    static final byte[] OCCURRENCE = "{\"occurrence\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] AT = ",\"at\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] HELD = ",\"held\":true".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] SOURCE = ",\"source\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] BATCH = ",\"batch\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] EVENT_AFTER = ",\"event\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] NULL = "null".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * A line whose checksum matched, read without a JSON parser when it has the shape this store writes,
     * {@code {"occurrence":"<uuid>","at":<ms>[,"held":true],"event":{...}}} (the checksum says the bytes are
     * those written, from a valid event): the event is cut out, not parsed ({@code stored().event()} is null).
     * Null for any other shape (an occurrence with escapes, fields in another order): parse it then.
     */
    static StoredLine ofWritten(byte[] bytes, int from, int to) {
        int i = from;
        if (!at(bytes, i, to, OCCURRENCE)) {
            return null;
        }
        i += OCCURRENCE.length;
        String occurrence = null;
        if (at(bytes, i, to, NULL)) {
            i += NULL.length;
        } else if (i < to && bytes[i] == '"') {
            int end = i + 1;
            while (end < to && bytes[end] != '"') {
                if (bytes[end] == '\\') {
                    return null;
                }
                end++;
            }
            if (end == to) {
                return null;
            }
            occurrence = new String(bytes, i + 1, end - i - 1, java.nio.charset.StandardCharsets.UTF_8);
            i = end + 1;
        } else {
            return null;
        }
        if (!at(bytes, i, to, AT)) {
            return null;
        }
        i += AT.length;
        boolean negative = i < to && bytes[i] == '-';
        if (negative) {
            i++;
        }
        long time = 0;
        int digits = 0;
        for (; i < to && bytes[i] >= '0' && bytes[i] <= '9'; i++, digits++) {
            time = time * 10 + (bytes[i] - '0');
        }
        if (digits == 0 || digits > 18) {
            return null;
        }
        if (at(bytes, i, to, SOURCE)) { // a copy's marks (EventStore.CopiedLines): passed over
            i = afterDigits(bytes, i + SOURCE.length, to);
            if (i < 0 || !at(bytes, i, to, BATCH) || (i = afterDigits(bytes, i + BATCH.length, to)) < 0) {
                return null;
            }
        }
        boolean held = at(bytes, i, to, HELD);
        if (held) {
            i += HELD.length;
        }
        if (!at(bytes, i, to, EVENT_AFTER)) {
            return null;
        }
        i += EVENT_AFTER.length;
        if (to - i < 3 || bytes[i] != '{' || bytes[to - 2] != '}' || bytes[to - 1] != '}') {
            return null;
        }
        return new StoredLine(new StoredEvent(occurrence, negative ? -time : time, held, null),
                Arrays.copyOfRange(bytes, i, to - 1));
    }

    /** Where the digits from {@code i} end; -1 when there are none. */
    private static int afterDigits(byte[] bytes, int i, int to) {
        int start = i;
        while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
            i++;
        }
        return i > start && i - start <= 18 ? i : -1;
    }

    /**
     * The {@code "source"} and {@code "batch"} offsets of a copied line ({@link EventStore.CopiedLines}), the
     * line with its checksum and newline; null when it is none, or its checksum does not match.
     */
    static long[] copyMarks(byte[] line) {
        if (line == null || line.length < 2 || line[line.length - 1] != '\n') {
            return null;
        }
        LineChecksum.Verdict verdict = LineChecksum.verify(line, 0, line.length - 1);
        if (verdict != LineChecksum.Verdict.VALID) {
            return null;
        }
        int to = LineChecksum.jsonEnd(verdict, line.length - 1);
        int source = indexOf(line, SOURCE, Math.min(to, 200));
        if (source < 0) {
            return null;
        }
        int sourceDigits = source + SOURCE.length;
        int sourceEnd = afterDigits(line, sourceDigits, to);
        if (sourceEnd < 0 || !at(line, sourceEnd, to, BATCH)) {
            return null;
        }
        int batchDigits = sourceEnd + BATCH.length;
        if (afterDigits(line, batchDigits, to) < 0) {
            return null;
        }
        return new long[] {number(line, sourceDigits), number(line, batchDigits)};
    }

    private static int indexOf(byte[] bytes, byte[] text, int limit) {
        for (int i = 0; i + text.length <= limit; i++) {
            if (at(bytes, i, limit, text)) {
                return i;
            }
        }
        return -1;
    }

    private static long number(byte[] bytes, int i) {
        long value = 0;
        for (; i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    private static boolean at(byte[] bytes, int i, int to, byte[] text) {
        return to - i >= text.length && Arrays.equals(bytes, i, i + text.length, text, 0, text.length);
    }

    /**
     * The event's JSON in a line this store wrote, {@code bytes[from, jsonEnd)}: after the first {@code "event":}
     * and up to the object's last brace. The store writes {@code occurrence} (a canonical uuid), {@code at} and
     * {@code held} before it, none of which can hold that text, and nothing after it ({@link StoredEvent}'s property
     * order). Null when the line does not have that shape.
     */
    static byte[] eventJsonOfWritten(byte[] bytes, int from, int jsonEnd) {
        int limit = Math.min(jsonEnd, from + 160) - EVENT_FIELD.length;
        for (int i = from; i <= limit; i++) {
            if (bytes[i] == '"' && Arrays.equals(bytes, i, i + EVENT_FIELD.length, EVENT_FIELD, 0, EVENT_FIELD.length)) {
                int start = i + EVENT_FIELD.length;
                return jsonEnd - 1 > start && bytes[start] == '{' && bytes[jsonEnd - 1] == '}'
                        ? Arrays.copyOfRange(bytes, start, jsonEnd - 1) : null;
            }
        }
        return null;
    }

    /** The bytes from {@code start} to {@code end}, offsets the parser counted from where it began ({@code from}). */
    private static byte[] slice(byte[] bytes, int from, long start, long end) {
        if (start < 0 || end <= start) {
            return null;
        }
        int begin = from + (int) start;
        int stop = from + (int) end;
        if (begin < from || stop > bytes.length || bytes[begin] != '{' || bytes[stop - 1] != '}') {
            return null;
        }
        return Arrays.copyOfRange(bytes, begin, stop);
    }
}
