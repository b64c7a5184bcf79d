package io.venice.events.writers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.venice.events.store.WriterFeed;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.AggregateProcessor;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a graceful stop, before Camel stops the routes: the intake routes (the proxy's listeners) are stopped first, so no
 * new events arrive; then the dispatcher's timed aggregate releases every held count at once, every store reader
 * (the fan-out, the writers) hands on partial batches at once, and the stop waits (up to
 * {@code timeout}) until each writer whose destination is up has delivered and confirmed what it read. Whatever is left stays in the event store and goes out after the next start, so this wait only
 * saves a late delivery; it is not needed for nothing to be lost.
 */
public final class DrainOnStop extends EventNotifierSupport {

    /** An enabled writer's feed and the monitor that knows whether its destination is reachable (null: no monitor). */
    public record Writer(WriterFeed feed, WriterMonitor monitor) {
        boolean reachable() {
            return monitor == null || monitor.unreachable().isEmpty();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DrainOnStop.class);

    private final List<String> intakeRoutes;
    private final String heldCounts;
    private final Supplier<Collection<Writer>> writers;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param heldCounts the id of the dispatcher's timed aggregate
     * @param writers    the writers whose routes run (their store consumers are started)
     */
    public DrainOnStop(List<String> intakeRoutes, String heldCounts, Supplier<Collection<Writer>> writers, Duration timeout,
                       Clock clock) {
        this.intakeRoutes = List.copyOf(intakeRoutes);
        this.heldCounts = heldCounts;
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
        for (String intakeRoute : intakeRoutes) {
            if (context.getRoute(intakeRoute) != null) {
                context.getRouteController().stopRoute(intakeRoute);
            }
        }
        Instant deadline = clock.instant().plus(timeout);
        AggregateProcessor aggregate = context.getProcessor(heldCounts, AggregateProcessor.class);
        if (aggregate != null) {
            aggregate.forceCompletionOfAllGroups();
            while (aggregate.getInProgressCompleteExchanges() > 0 && clock.instant().isBefore(deadline)) {
                Thread.sleep(5); // the released counts are being appended to the store
            }
        }
        Collection<Writer> running = writers.get();
        running.forEach(writer -> writer.feed().drainNow());
        // done when nothing is pending twice running: the fan-out hands its last batch to the writers' logs
        // between the looks of one pass, and the writers then have it
        List<String> delivering = delivering(running);
        boolean lookedAgain = false;
        while ((!delivering.isEmpty() || !lookedAgain) && clock.instant().isBefore(deadline)) {
            lookedAgain = delivering.isEmpty();
            Thread.sleep(20);
            delivering = delivering(running);
        }
        if (!delivering.isEmpty()) {
            LOG.warn("Stopping before writer(s) {} delivered what they hold (waited {}); it stays in the event store "
                    + "and goes out after the next start", delivering, timeout);
        }
    }

    /** Writers whose destination is up and that still have something to deliver or confirm. */
    private static List<String> delivering(Collection<Writer> running) {
        return running.stream()
                .filter(w -> w.reachable() && w.feed().hasPending())
                .map(w -> w.feed().writer())
                .toList();
    }
}
