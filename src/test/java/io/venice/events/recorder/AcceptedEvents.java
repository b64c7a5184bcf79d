package io.venice.events.recorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

import io.venice.events.model.Event;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Every event the proxy route handed to the dispatcher, in order: what the recorder got into the pipeline. */
final class AcceptedEvents implements Processor {

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        events.addAll(exchange.getMessage().getBody(List.class));
    }

    List<Event> all() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    int size() {
        return events.size();
    }

    /** Messages in the order the proxy accepted them. */
    List<String> messages() {
        return all().stream().map(Event::message).toList();
    }

    long distinctUuids() {
        return new LinkedHashSet<>(all().stream().map(Event::uuid).toList()).size();
    }
}
