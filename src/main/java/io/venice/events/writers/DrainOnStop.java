package io.venice.events.writers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.venice.events.store.WriterFeed;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a graceful stop, before Camel stops the routes: the intake route (the proxy) is stopped first, so no
 * new events arrive; then every writer hands out its partial batches at once, and the stop waits (up to
 * {@code timeout}) until each writer whose destination is up has delivered and confirmed what it read. Whatever is left stays in the event store and goes out after the next start, so this wait only
 * saves a late delivery; it is not needed for nothing to be lost.
 */
public final class DrainOnStop extends EventNotifierSupport {

    /** An enabled writer's feed and the monitor that knows whether its destination is reachable. */
    public record Writer(WriterFeed feed, WriterMonitor monitor) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DrainOnStop.class);

    private final String intakeRoute;
    private final List<Writer> writers;
    private final Duration timeout;
    private final Clock clock;

    public DrainOnStop(String intakeRoute, List<Writer> writers, Duration timeout, Clock clock) {
        this.intakeRoute = intakeRoute;
        this.writers = writers;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) throws Exception {
        CamelContext context = ((CamelEvent.CamelContextStoppingEvent) event).getContext();
        if (context.getRoute(intakeRoute) != null) {
            context.getRouteController().stopRoute(intakeRoute);
        }
        writers.forEach(writer -> writer.feed().drainNow());
        Instant deadline = clock.instant().plus(timeout);
        List<String> delivering = delivering();
        while (!delivering.isEmpty() && clock.instant().isBefore(deadline)) {
            Thread.sleep(20);
            delivering = delivering();
        }
        if (!delivering.isEmpty()) {
            LOG.warn("Stopping before writer(s) {} delivered what they hold (waited {}); it stays in the event store "
                    + "and goes out after the next start", delivering, timeout);
        }
    }

    /** Writers whose destination is up and that still have something to deliver or confirm. */
    private List<String> delivering() {
        return writers.stream()
                .filter(w -> w.monitor().unreachable().isEmpty() && w.feed().hasPending())
                .map(w -> w.feed().writer())
                .toList();
    }
}
