package io.venice.events.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code to: store:<log>[?reserved=true]}: appends the body to the log as one request (grouped with concurrent
 * ones into one write), and returns once the events are readable and written; sets {@link StoreComponent#OFFSET}
 * to the offset of the first one. The body: a {@code List<StoredEvent>} (or one {@link StoredEvent}), as the
 * dispatcher stores them; or the batch a {@code store:} consumer delivered ({@link EventBatch}), copied as the
 * log it came from holds it (the fan-out to the writers' logs: no event parsed or serialised again). An empty
 * list appends nothing and sets no header. A full store's {@link StoreFullException} becomes the exchange's
 * exception.
 */
public final class StoreProducer extends DefaultProducer {

    private final StoreEndpoint endpoint;

    StoreProducer(StoreEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof EventBatch batch) {
            if (!batch.isEmpty()) {
                exchange.getMessage().setHeader(StoreComponent.OFFSET, endpoint.store().append(batch));
            }
            return;
        }
        List<StoredEvent> events = events(body);
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
                    throw new IllegalArgumentException(endpoint.getEndpointUri()
                            + " takes StoredEvent items (or the batch of a store: consumer); got "
                            + (item == null ? "null" : item.getClass().getName()));
                }
                events.add(stored);
            }
            return events;
        }
        throw new IllegalArgumentException(endpoint.getEndpointUri() + " takes a body of List<StoredEvent>, one "
                + "StoredEvent, or the batch of a store: consumer; got " + (body == null ? "null" : body.getClass().getName()));
    }
}
