package io.venice.events.dispatcher;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.model.Event;
import io.venice.events.model.Meta;
import io.venice.events.window.FifoTimeWindow;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The dispatcher's memory of recent events, as the Idempotent Consumer's repository.
 * <p>
 * The first occurrence of a dedup key opens a window of {@code dedupInterval} (not extended by
 * repeats) and passes as new. A repeat inside the window is a duplicate: it is counted, and the
 * exchange body becomes the update to send, carrying the first occurrence's uuid, name, self-link
 * and creation-time, {@code count} = all occurrences so far, {@code mod-time} = this occurrence's.
 * Both happen in one atomic step, so concurrent consumers cannot miscount.
 * <p>
 * At most {@code maxKeys} windows are kept, the oldest closed first when full (it is the nearest to its end
 * anyway); closing one early loses no count, because pending updates wait in the Aggregator, not here.
 * A window keeps only what an update needs (the first occurrence's meta and the count) under a 128-bit
 * digest of the key, about 200 bytes a window. Time comes from the injected {@link Clock}.
 * <p>
 * Each repeat counted into a window adds one to {@value #DEDUPLICATED}.
 */
public final class DedupWindow extends ServiceSupport implements IdempotentRepository {

    private record Window(Meta first, int count) {
    }

    /** Micrometer name of the counter of repeats ({@code venice_events_deduplicated_total} in Prometheus). */
    public static final String DEDUPLICATED = "venice.events.deduplicated";

    private final FifoTimeWindow<UUID, Window> windows;
    private final Counter deduplicated;

    public DedupWindow(Duration dedupInterval, long maxKeys, Clock clock, MeterRegistry meters) {
        this.deduplicated = Counter.builder(DEDUPLICATED)
                .description("Repeats of an event counted into its open dedup window instead of being sent on their own")
                .register(meters);
        this.windows = new FifoTimeWindow<>(dedupInterval, maxKeys, clock);
    }

    /** Opens a window for a first occurrence (true), or counts a repeat and turns the body into the update (false). */
    @Override
    public boolean add(Exchange exchange, String key) {
        Event occurrence = exchange.getMessage().getBody(Event.class);
        boolean[] first = {false};
        Window window = windows.compute(digest(key), (k, open) -> {
            if (open == null) {
                first[0] = true;
                return new Window(occurrence.meta(), occurrence.countOrOne());
            }
            return new Window(open.first(), open.count() + occurrence.countOrOne());
        });
        if (!first[0]) {
            deduplicated.increment();
            exchange.getMessage().setBody(updateFor(window, occurrence));
        }
        return first[0];
    }

    /** The latest occurrence under the first one's identity and creation-time, with the count so far. */
    private static Event updateFor(Window window, Event latest) {
        Meta first = window.first();
        Instant latestTime = latest.modTime() == null || latest.modTime().isBefore(first.modTime())
                ? first.modTime() : latest.modTime();
        return latest.withMeta(first.withTimes(first.creationTime(), latestTime)).withCount(window.count());
    }

    /** Keys hold whole messages; a window needs only to tell them apart (MD5, 128 bits: no practical collisions). */
    private static UUID digest(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("DedupWindow needs the exchange: use add(exchange, key)");
    }

    @Override
    public boolean contains(String key) {
        return windows.contains(digest(key));
    }

    @Override
    public boolean remove(String key) {
        boolean present = windows.contains(digest(key));
        windows.remove(digest(key));
        return present;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        windows.clear();
    }

    /** Open windows. */
    public long size() {
        return windows.size();
    }
}
