package io.venice.events.writers;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;

/**
 * What happened to one writer's events, told by its route: counters tagged {@code writer} and whether its
 * destination answered the last delivery attempt (for {@link WriterHealthCheck}). Thread-safe.
 * <ul>
 * <li>{@value #DELIVERED}: events the destination took;</li>
 * <li>{@value #RETRIED}: failed delivery attempts (a batch or a message) that will be tried again;</li>
 * <li>{@value #DEAD_LETTERED}: events the destination refused for good or the writer could not format, kept as
 * dead letters;</li>
 * <li>{@value #DROPPED}: events that will never reach it (its queue was full, or writing failed with no retry).</li>
 * </ul>
 * In Prometheus they read {@code venice_events_delivered_total{writer="venice"}} and so on.
 */
public final class WriterMonitor {

    public static final String DELIVERED = "venice.events.delivered";
    public static final String RETRIED = "venice.events.retried";
    public static final String DEAD_LETTERED = "venice.events.dead.lettered";
    public static final String DROPPED = "venice.events.dropped";

    /** The destination did not answer the last attempt: since when (the first failure in a row), and why (the last). */
    public record Unreachable(Instant since, Throwable lastError) {
    }

    private final String writer;
    private final Clock clock;
    private final Counter delivered;
    private final Counter retried;
    private final Counter deadLettered;
    private final Counter dropped;
    private volatile Unreachable unreachable;

    public WriterMonitor(String writer, MeterRegistry meters, Clock clock) {
        this.writer = writer;
        this.clock = clock;
        this.delivered = counter(meters, DELIVERED, "Events the writer's destination took");
        this.retried = counter(meters, RETRIED, "Failed delivery attempts that will be tried again");
        this.deadLettered = counter(meters, DEAD_LETTERED, "Events the destination refused for good or the writer could not format, kept as dead letters");
        this.dropped = counter(meters, DROPPED, "Events this writer had not delivered when the full event store dropped them (store.when-full=drop-oldest)");
    }

    private Counter counter(MeterRegistry meters, String name, String description) {
        return Counter.builder(name).description(description).tag("writer", writer).register(meters);
    }

    public String writer() {
        return writer;
    }

    /** The destination took {@code events} events: it is reachable. */
    public void delivered(int events) {
        delivered.increment(events);
        unreachable = null;
    }

    /**
     * The destination took a batch of {@code batchSize} events but for {@code unwritable} (null when none), which
     * the writer could not format and kept as dead letters: it is reachable.
     */
    public void delivered(int batchSize, java.util.List<Unwritable> unwritable) {
        int left = unwritable == null ? 0 : unwritable.size();
        delivered.increment(batchSize - left);
        deadLettered.increment(left);
        unreachable = null;
    }

    /** A delivery attempt failed and will be retried: the destination counts as unreachable until one succeeds. */
    public void attemptFailed(Exchange exchange) {
        retried.increment();
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Unreachable previous = unreachable;
        unreachable = new Unreachable(previous == null ? clock.instant() : previous.since(), error);
    }

    /** The destination refused {@code events} events for good; it answered, so it is reachable. */
    public void deadLettered(int events) {
        deadLettered.increment(events);
        unreachable = null;
    }

    /** {@code events} events will not reach the destination (the route logs why). */
    public void dropped(long events) {
        dropped.increment(events);
    }

    /** The writer is gone for good (a deleted policy target): its series leave {@code /metrics}. */
    public void removeFrom(MeterRegistry meters) {
        for (Counter counter : new Counter[] {delivered, retried, deadLettered, dropped}) {
            meters.remove(counter);
        }
    }

    /** Empty when the last attempt reached the destination (or none was made yet). */
    public Optional<Unreachable> unreachable() {
        return Optional.ofNullable(unreachable);
    }
}
