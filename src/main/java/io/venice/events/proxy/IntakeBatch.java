package io.venice.events.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.venice.events.model.Event;

/**
 * One read of a proxy connection, decided: the valid events of all its lines, in order (what the dispatcher
 * gets), and for each line what the reply needs (its events' positions, or why the line or some of its items
 * were refused).
 */
public final class IntakeBatch {

    /**
     * One request line: its events are {@code events().subList(firstEvent, firstEvent + eventCount)}; {@code error}
     * refuses the whole line; {@code rejected} lists refused items (index and error) of a list or the one event,
     * at most {@link ProxyIntake#MAX_LISTED_REJECTIONS} of the {@code rejectedTotal}.
     */
    record Line(boolean list, int firstEvent, int eventCount, String error, List<Map<String, Object>> rejected,
                int rejectedTotal) {
    }

    private final List<Event> events = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();

    void lineRefused(String error) {
        lines.add(new Line(false, events.size(), 0, error, List.of(), 0));
    }

    void line(boolean list, List<Event> valid, List<Map<String, Object>> rejected, int rejectedTotal) {
        lines.add(new Line(list, events.size(), valid.size(), null, rejected, rejectedTotal));
        events.addAll(valid);
    }

    /** The valid events of every line, in order, for the dispatcher. */
    public List<Event> events() {
        return events;
    }

    public boolean hasEvents() {
        return !events.isEmpty();
    }

    List<Line> lines() {
        return lines;
    }
}
