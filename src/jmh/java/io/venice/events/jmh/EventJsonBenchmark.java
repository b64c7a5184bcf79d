package io.venice.events.jmh;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.proxy.IntakeBatch;
import io.venice.events.proxy.ProxyIntake;
import io.venice.events.proxy.WireDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JSON of one event, per operation: the proxy's decoding of a wire line ({@link WireDecoder#decode}: readTree, then
 * treeToValue), the whole proxy decision for a line ({@link ProxyIntake#handleLine}: decode, validate, fill
 * defaults, write the reply), and {@link EventJson} writing and reading a full event (what the file and Venice
 * writers do per event).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventJsonBenchmark {

    private String[] lines;
    private String[] listLines;
    private String[] fullJson;
    private Event[] events;
    private WireDecoder decoder;
    private ProxyIntake intake;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        lines = SampleEvents.lines();
        listLines = SampleEvents.listLines(16, 100);
        events = SampleEvents.events();
        fullJson = new String[events.length];
        for (int i = 0; i < events.length; i++) {
            fullJson[i] = EventJson.write(events[i]);
        }
        decoder = SampleEvents.decoder();
        intake = SampleEvents.intake(SampleEvents.catalog());
    }

    private int index() {
        next = (next + 1) & (SampleEvents.COUNT - 1);
        return next;
    }

    /** WireDecoder.decode of a one-event line (~330 bytes). */
    @Benchmark
    public WireDecoder.Request decodeWireLine() {
        return decoder.decode(lines[index()]);
    }

    /** WireDecoder.decode of an EventList line of 100 events (~33 KB): divide by 100 for a per-event figure. */
    @Benchmark
    public WireDecoder.Request decodeEventList100() {
        return decoder.decode(listLines[index() & 15]);
    }

    /** ProxyIntake.read of one line: decode, validate, defaults (uuid, times). */
    @Benchmark
    public IntakeBatch proxyIntakeLine() {
        return intake.read(List.of(lines[index()]));
    }

    /** EventJson.write of a full event (meta filled), as the file and Venice writers do. */
    @Benchmark
    public String encodeEvent() {
        return EventJson.write(events[index()]);
    }

    /** EventJson.read of a full event straight into the record (no tree). */
    @Benchmark
    public Event readEvent() {
        return EventJson.read(fullJson[index()], Event.class);
    }
}
