package io.venice.events.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.venice.events.dispatcher.DedupKeys;
import io.venice.events.model.Event;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The dispatcher's dedup key of one event ({@link DedupKeys#keyOf}), and the key's hash as the window's map needs it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DedupKeysBenchmark {

    private Event[] events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        events = SampleEvents.events();
    }

    private int index() {
        next = (next + 1) & (SampleEvents.COUNT - 1);
        return next;
    }

    @Benchmark
    public String keyOf() {
        return DedupKeys.keyOf(events[index()]);
    }

    /** keyOf plus hashCode: what a lookup in the dedup window costs before the map itself. */
    @Benchmark
    public int keyOfAndHash() {
        return DedupKeys.keyOf(events[index()]).hashCode();
    }
}
