package io.venice.events.dispatcher;

import java.util.Map;

import io.venice.events.model.Event;
import io.venice.events.store.StoredEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The expressions the dispatcher's routes evaluate for every event, bound by name for the {@code ref} language
 * ({@code ref: eventUuid}). They read the body directly: Camel's simple OGNL ({@code ${body.uuid}}) looks its
 * method up in a cache keyed by the body itself, which hashed every field of every event (a third of the
 * dispatcher's time in JFR).
 */
public final class DispatcherExpressions {

    private DispatcherExpressions() {
    }

    /** By name: eventUuid, eventDedupKey (of an event), heldRepeats (of the EventStates), seriesUuid and released (of a held state). */
    public static Map<String, Expression> byName() {
        return Map.of(
                "eventUuid", of(exchange -> exchange.getMessage().getBody(Event.class).uuid()),
                "eventDedupKey", of(exchange -> DedupKeys.keyOf(exchange.getMessage().getBody(Event.class))),
                "heldRepeats", of(exchange -> exchange.getMessage().getBody(EventStates.class).repeats()),
                "seriesUuid", of(exchange -> exchange.getMessage().getBody(StoredEvent.class).event().uuid()),
                "released", of(exchange -> exchange.getMessage().getBody(StoredEvent.class).released()));
    }

    private static Expression of(java.util.function.Function<Exchange, Object> value) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return value.apply(exchange);
            }
        };
    }
}
