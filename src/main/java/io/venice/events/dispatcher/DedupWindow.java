package io.venice.events.dispatcher;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.model.Event;
import io.venice.events.model.Meta;
import io.venice.events.window.FifoTimeWindow;

/**
 * The dispatcher's memory of recent events: one window per dedup key.
 * <p>
 * The first occurrence of a dedup key opens a window of {@code dedupInterval} (not extended by repeats) and
 * is a new event. A repeat inside the window is counted, and becomes the event's new state: the first
 * occurrence's uuid, name, self-link and creation-time, {@code count} = all occurrences so far,
 * {@code mod-time} = this occurrence's.
 * <p>
 * At most {@code maxKeys} windows are kept, the oldest closed first when full (it is the nearest to its end
 * anyway); the counts already stored are not affected, only the next occurrence starts a new event. A window
 * keeps only what a state needs (the first occurrence's meta and the count) under a 128-bit digest of the key,
 * about 200 bytes a window. Time comes from the injected {@link Clock}.
 * <p>
 * Each repeat counted adds one to {@value #DEDUPLICATED}, once its {@link Tally} is {@link Tally#keep() kept}.
 */
public final class DedupWindow {

    private record Window(Meta first, int count) {
    }

    /** An occurrence's place in its series: the state to store, and whether it opened the window. */
    public record Counted(Event state, boolean first) {
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

    /**
     * Counts occurrences in order. The windows change at once; {@link Tally#keep()} once the states are stored,
     * or {@link Tally#undo()} to put the windows back as they were (the states could not be stored).
     * Callers that count concurrently must serialise count-and-store themselves.
     */
    public Tally count(List<Event> occurrences) {
        Tally tally = new Tally();
        for (Event occurrence : occurrences) {
            UUID key = digest(DedupKeys.keyOf(occurrence));
            Window[] before = {null};
            Window window = windows.compute(key, (k, open) -> {
                before[0] = open;
                return open == null
                        ? new Window(occurrence.meta(), occurrence.countOrOne())
                        : new Window(open.first(), open.count() + occurrence.countOrOne());
            });
            tally.priors.add(new Prior(key, before[0]));
            tally.counted.add(before[0] == null
                    ? new Counted(occurrence, true)
                    : new Counted(stateOf(window, occurrence), false));
        }
        return tally;
    }

    /** Puts back the window a stored state stands for (at start, from the event store, oldest first). */
    public void restore(Event state, long storedAtMillis) {
        windows.restore(digest(DedupKeys.keyOf(state)), new Window(state.meta(), state.countOrOne()), storedAtMillis);
    }

    /** Open windows. */
    public long size() {
        return windows.size();
    }

    private record Prior(UUID key, Window window) {
    }

    /** What one {@link #count(List)} did, to keep or take back. */
    public final class Tally {
        private final List<Counted> counted = new ArrayList<>();
        private final List<Prior> priors = new ArrayList<>();

        public List<Counted> counted() {
            return counted;
        }

        /** The states were stored: the repeats among them count as deduplicated. */
        public void keep() {
            deduplicated.increment(counted.stream().filter(c -> !c.first()).count());
        }

        /** The states were not stored: every window goes back to what it was before. */
        public void undo() {
            for (int i = priors.size() - 1; i >= 0; i--) {
                Prior prior = priors.get(i);
                if (prior.window() == null) {
                    windows.remove(prior.key());
                } else {
                    windows.compute(prior.key(), (k, current) -> prior.window());
                }
            }
        }
    }

    /** The latest occurrence under the first one's identity and creation-time, with the count so far. */
    private static Event stateOf(Window window, Event latest) {
        Meta first = window.first();
        Instant latestTime = latest.modTime() == null || latest.modTime().isBefore(first.modTime())
                ? first.modTime() : latest.modTime();
        return latest.withMeta(first.withTimes(first.creationTime(), latestTime)).withCount(window.count());
    }

    /** Keys hold whole messages; a window needs only to tell them apart (MD5, 128 bits: no practical collisions). */
    private static UUID digest(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
