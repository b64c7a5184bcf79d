package io.venice.events.writers;

import java.util.List;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.model.EventList;

/** Serialises what the writers send: a Venice batch, or JSON lines for the file writer. */
public final class EventLines {

    /** {@code {"kind":"EventList","items":[...]}} for the Venice API. */
    public String veniceBatch(List<Event> events) {
        return EventJson.write(EventList.of(events));
    }

    /** One JSON line per event, each ending with a newline. */
    public String jsonLines(List<Event> events) {
        StringBuilder lines = new StringBuilder(events.size() * 400);
        for (Event event : events) {
            lines.append(EventJson.write(event)).append('\n');
        }
        return lines.toString();
    }
}
