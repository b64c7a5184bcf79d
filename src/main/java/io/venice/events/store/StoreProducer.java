package io.venice.events.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code to: store:<log>[?reserved=true]}: appends the body, a {@code List<StoredEvent>} (or one
 * {@link StoredEvent}), to the log as one request (grouped with concurrent ones into one write), and returns once
 * the events are readable and written; sets {@link StoreComponent#OFFSET} to the offset of the first one. An
 * empty list appends nothing and sets no header. A full store's {@link StoreFullException} becomes the
 * exchange's exception.
 */
public final class StoreProducer extends DefaultProducer {

    private final StoreEndpoint endpoint;

    StoreProducer(StoreEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        List<StoredEvent> events = events(exchange.getMessage().getBody());
        if (events.isEmpty()) {
            return;
        }
        long first = endpoint.store().append(events, endpoint.isReserved());
        exchange.getMessage().setHeader(StoreComponent.OFFSET, first);
    }

    private List<StoredEvent> events(Object body) {
        if (body instanceof StoredEvent one) {
            return List.of(one);
        }
        if (body instanceof Collection<?> many) {
            List<StoredEvent> events = new ArrayList<>(many.size());
            for (Object item : many) {
                if (!(item instanceof StoredEvent stored)) {
                    throw new IllegalArgumentException(endpoint.getEndpointUri() + " takes StoredEvent items; got "
                            + (item == null ? "null" : item.getClass().getName()));
                }
                events.add(stored);
            }
            return events;
        }
        throw new IllegalArgumentException(endpoint.getEndpointUri() + " takes a body of List<StoredEvent> or one "
                + "StoredEvent; got " + (body == null ? "null" : body.getClass().getName()));
    }
}
