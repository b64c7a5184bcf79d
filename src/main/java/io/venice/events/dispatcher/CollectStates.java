package io.venice.events.dispatcher;

import io.venice.events.store.StoredEvent;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * The dispatcher split's aggregation: gathers each event's outcome into one {@link EventStates}, so the request's
 * states are appended to the event store in one write. An event whose body became a {@link StoredEvent} (inside
 * both Idempotent Consumers) is a state to store; one that kept its event body was skipped by the uuid
 * Idempotent Consumer: a duplicate; one suppressed during maintenance ({@link MaintenanceMode#DROPPED}): neither.
 */
public final class CollectStates implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange collected, Exchange event) {
        Exchange into = collected == null ? event : collected;
        EventStates states = collected == null ? new EventStates() : collected.getMessage().getBody(EventStates.class);
        Object body = event.getMessage().getBody();
        if (body instanceof StoredEvent state) {
            states.addState(state);
        } else if (body == MaintenanceMode.DROPPED) {
            // suppressed during maintenance: acknowledged, nothing stored
        } else {
            states.addDuplicate(event.getProperty(ExchangePropertyKey.SPLIT_INDEX, Integer.class));
        }
        into.getMessage().setBody(states);
        return into;
    }
}
