package io.venice.events.recorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

import io.venice.events.store.StoredEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Every occurrence the dispatcher stored, in order (woven in before its {@code to: store:events}): what the
 * recorder got into the pipeline, resends acknowledged as duplicates left out.
 */
final class AcceptedEvents implements Processor {

    private final List<StoredEvent> stored = Collections.synchronizedList(new ArrayList<>());

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        stored.addAll(exchange.getMessage().getBody(List.class));
    }

    List<StoredEvent> all() {
        synchronized (stored) {
            return List.copyOf(stored);
        }
    }

    int size() {
        return stored.size();
    }

    /** Messages in the order the proxy accepted them. */
    List<String> messages() {
        return all().stream().map(state -> state.event().message()).toList();
    }

    /** The uuids the occurrences came with (a repeat is stored under its series' uuid). */
    long distinctUuids() {
        return new LinkedHashSet<>(all().stream().map(StoredEvent::occurrence).toList()).size();
    }
}
