package io.venice.events.writers;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.store.ReaderLag;
import io.venice.events.store.StoreComponent;
import io.venice.events.store.WriterFeed;

/**
 * The gauges of every started store reader (each writer, and any reader a route adds), tagged {@code writer} with
 * the reader's name, registered when its consumer starts and removed when it stops; their values are computed
 * at scrape time ({@link ReaderLag}, {@link DeadLetterCount}), nothing is added to delivering:
 * <ul>
 * <li>{@value #LAG_EVENTS}: stored lines after the writer's offset (held repeat counts included);</li>
 * <li>{@value #LAG_BYTES}: store bytes between the writer's offset and the store's end;</li>
 * <li>{@value #OLDEST}: seconds since the oldest of them was stored, 0 when none;</li>
 * <li>{@value #DEAD_LETTERS}: dead-letter files waiting in {@code dead-letter/<writer>/}.</li>
 * </ul>
 */
public final class WriterGauges implements StoreComponent.ReaderListener {

    public static final String LAG_EVENTS = "venice.events.lag.events";
    public static final String LAG_BYTES = "venice.events.lag.bytes";
    public static final String OLDEST = "venice.events.oldest.undelivered.seconds";
    public static final String DEAD_LETTERS = "venice.events.dead.letters";

    private final MeterRegistry meters;
    private final StoreComponent store;
    private final DeadLetterCount deadLetters;
    private final Clock clock;
    private final Map<String, ReaderLag> lags = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> registered = new ConcurrentHashMap<>();

    public WriterGauges(MeterRegistry meters, StoreComponent store, DeadLetterCount deadLetters, Clock clock) {
        this.meters = meters;
        this.store = store;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** The lag of the started reader {@code writer}, or none when it is not started. */
    public ReaderLag.Lag lag(String writer) {
        return store.reader(writer).map(this::lagOf).orElse(null);
    }

    /** The dead letters waiting for {@code writer}. */
    public long deadLetters(String writer) {
        return deadLetters.of(writer);
    }

    private ReaderLag.Lag lagOf(WriterFeed feed) {
        return lags.computeIfAbsent(feed.writer(), name -> new ReaderLag(name, clock)).of(feed);
    }

    @Override
    public void opened(WriterFeed feed) {
        String writer = feed.writer();
        registered.computeIfAbsent(writer, name -> List.of(
                gauge(LAG_EVENTS, name, "Stored events (lines, held repeat counts included) after the writer's offset",
                        () -> lagValue(name, ReaderLag.Lag::events)),
                gauge(LAG_BYTES, name, "Event store bytes between the writer's offset and the store's end",
                        () -> lagValue(name, ReaderLag.Lag::bytes)),
                gauge(OLDEST, name, "Seconds since the oldest event the writer has not delivered was stored; 0 when none",
                        () -> lagValue(name, lag -> lag.oldest().toMillis() / 1000.0)),
                gauge(DEAD_LETTERS, name, "Dead-letter files waiting in dead-letter/<writer>/ (counted at most every 5 s, up to "
                        + DeadLetterCount.MAX + ")", () -> deadLetters.of(name))));
    }

    /** A value of the lag of {@code writer}; NaN in the moment its reader stopped before its gauges were removed. */
    private Number lagValue(String writer, Function<ReaderLag.Lag, Number> value) {
        ReaderLag.Lag lag = lag(writer);
        return lag == null ? Double.NaN : value.apply(lag);
    }

    @Override
    public void closed(WriterFeed feed) {
        List<Meter> gauges = registered.remove(feed.writer());
        if (gauges != null) {
            gauges.forEach(meters::remove);
        }
        lags.remove(feed.writer());
    }

    private Meter gauge(String name, String writer, String description, Supplier<Number> value) {
        return Gauge.builder(name, value).description(description).tag("writer", writer).strongReference(true)
                .register(meters);
    }
}
