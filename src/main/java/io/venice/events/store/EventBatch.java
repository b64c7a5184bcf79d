package io.venice.events.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;

/**
 * The events of one store consumer's exchange, a {@code List<Event>}, with each event's JSON as the store holds it
 * (null for one it holds as text): a writer sending JSON writes those bytes instead of serialising the event again.
 * A bean that makes a list of its own (a filter) loses them, and its writer serialises.
 */
public final class EventBatch extends AbstractList<Event> implements RandomAccess {

    private final Event[] events;
    private final byte[][] eventJsons;
    private final String[] occurrences;
    private final long[] ats;
    /** Where each state's line is in the log it was read from; -1 when not known. */
    private final long[] offsets;
    /** Its lines as {@code to: store:<log>} appends them, encoded by the first such append (guarded by this). */
    private EventStore.CopiedLines copiedLines;

    /** {@code eventJsons[i]}: the JSON of {@code events[i]} as stored, or null; {@code events[i]} null: parsed from it when asked. */
    public EventBatch(Event[] events, byte[][] eventJsons) {
        this(events, eventJsons, new String[events.length], new long[events.length], unknown(events.length));
    }

    private static long[] unknown(int size) {
        long[] offsets = new long[size];
        java.util.Arrays.fill(offsets, -1);
        return offsets;
    }

    /**
     * A batch read from a log, with each state's occurrence uuid, store time ({@link StoredEvent}) and offset in
     * that log, so that {@code to: store:<log>} can copy it to another log as it is.
     */
    EventBatch(Event[] events, byte[][] eventJsons, String[] occurrences, long[] ats, long[] offsets) {
        this.events = events;
        this.eventJsons = eventJsons;
        this.occurrences = occurrences;
        this.ats = ats;
        this.offsets = offsets;
    }

    /** The event; one read without parsing ({@code parseEvents=false}) is parsed from its JSON now, once. */
    @Override
    public Event get(int index) {
        Event event = events[index];
        if (event == null) {
            try {
                event = EventJson.mapper().readValue(eventJsons[index], Event.class);
            } catch (IOException e) {
                throw new UncheckedIOException("a stored event's JSON cannot be read as an event: " + e.getMessage(), e);
            }
            events[index] = event;
        }
        return event;
    }

    @Override
    public int size() {
        return events.length;
    }

    /** The JSON of {@link #get(int) event index}, exactly as the store holds it; null when it is not known. */
    public byte[] json(int index) {
        return eventJsons[index];
    }

    /** The event at {@code index} if it is parsed already (read from a log's parsed tail), else null: never parses. */
    Event parsed(int index) {
        return events[index];
    }

    /** The uuid of the occurrence the state at {@code index} was stored for; null when not known. */
    public String occurrence(int index) {
        return occurrences[index];
    }

    /** Where the line of the state at {@code index} is in the log it was read from; -1 when not known. */
    long offset(int index) {
        return offsets[index];
    }

    /** When the state at {@code index} was stored (epoch milliseconds); 0 when not known. */
    public long at(int index) {
        return ats[index];
    }

    /** The lines that copy this batch to a log: encoded the first time, the same for every log after (read only). */
    synchronized EventStore.CopiedLines copiedLines(java.util.function.Function<EventBatch, EventStore.CopiedLines> encode) {
        if (copiedLines == null) {
            copiedLines = encode.apply(this);
        }
        return copiedLines;
    }

    /** The batch's JSON, or null when {@code events} is no batch of the store's. */
    public static EventBatch of(List<Event> events) {
        return events instanceof EventBatch batch ? batch : null;
    }
}
