package io.venice.events.app;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Ends the process when an exchange fails with an {@link Error} ({@link FatalErrors}): Camel makes an error a
 * bean step throws (a {@link StackOverflowError}, an {@link OutOfMemoryError}, a {@link LinkageError}) the
 * exchange's exception, and a writer's error handler would retry it for ever while {@code /health} says UP.
 * <p>
 * It listens only to the failure events (an exchange failed, its failure being handled, a redelivery), which
 * Camel creates only when an exchange fails, so it costs nothing per event when everything works.
 */
public final class FatalExchangeErrors extends EventNotifierSupport {

    private final FatalErrors fatalErrors;

    public FatalExchangeErrors(FatalErrors fatalErrors) {
        this.fatalErrors = fatalErrors;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeFailedEvent || event instanceof CamelEvent.ExchangeFailureEvent
                || event instanceof CamelEvent.ExchangeRedeliveryEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            fatalErrors.haltIfFatal("route " + exchange.getFromRouteId(), failure);
        }
    }
}
