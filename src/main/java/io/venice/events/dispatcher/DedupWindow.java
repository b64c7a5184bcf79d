package io.venice.events.dispatcher;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.model.Event;
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
 * At most {@code maxKeys} windows are kept; evicting one loses no count, because pending updates
 * wait in the Aggregator, not here. Time comes from the injected {@link Clock}.
 * <p>
 * Each repeat counted into a window adds one to {@value #DEDUPLICATED}.
 */
public final class DedupWindow extends ServiceSupport implements IdempotentRepository {

    private record Window(Event first, int count) {
    }

    /** Micrometer name of the counter of repeats ({@code venice_events_deduplicated_total} in Prometheus). */
    public static final String DEDUPLICATED = "venice.events.deduplicated";

    private final Cache<String, Window> windows;
    private final Counter deduplicated;

    public DedupWindow(Duration dedupInterval, long maxKeys, Clock clock, MeterRegistry meters) {
        this.deduplicated = Counter.builder(DEDUPLICATED)
                .description("Repeats of an event counted into its open dedup window instead of being sent on their own")
                .register(meters);
        long windowNanos = dedupInterval.toNanos();
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new Expiry<String, Window>() {
                    @Override
                    public long expireAfterCreate(String key, Window value, long currentTime) {
                        return windowNanos;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Window value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String key, Window value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** Opens a window for a first occurrence (true), or counts a repeat and turns the body into the update (false). */
    @Override
    public boolean add(Exchange exchange, String key) {
        Event occurrence = exchange.getMessage().getBody(Event.class);
        boolean[] first = {false};
        Window window = windows.asMap().compute(key, (k, open) -> {
            if (open == null) {
                first[0] = true;
                return new Window(occurrence, occurrence.countOrOne());
            }
            return new Window(open.first(), open.count() + occurrence.countOrOne());
        });
        if (!first[0]) {
            deduplicated.increment();
            exchange.getMessage().setBody(updateFor(window, occurrence));
        }
        return first[0];
    }

    private static Event updateFor(Window window, Event latest) {
        Event first = window.first();
        java.time.Instant latestTime = latest.modTime() == null || latest.modTime().isBefore(first.modTime())
                ? first.modTime() : latest.modTime();
        return first.withMeta(first.meta().withTimes(first.creationTime(), latestTime))
                .withCount(window.count());
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("DedupWindow needs the exchange: use add(exchange, key)");
    }

    @Override
    public boolean contains(String key) {
        return windows.getIfPresent(key) != null;
    }

    @Override
    public boolean remove(String key) {
        return windows.asMap().remove(key) != null;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        windows.invalidateAll();
    }

    /** Open windows; an estimate between cache maintenance runs. */
    public long size() {
        windows.cleanUp();
        return windows.estimatedSize();
    }
}
