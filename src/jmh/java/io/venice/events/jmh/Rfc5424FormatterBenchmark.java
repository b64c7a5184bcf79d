package io.venice.events.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import io.venice.events.model.Event;
import io.venice.events.writers.Rfc5424Formatter;
import io.venice.events.writers.SyslogFacility;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The syslog writer's formatting of one event as RFC 5424 ({@link Rfc5424Formatter#format}), and as UTF-8 bytes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Rfc5424FormatterBenchmark {

    private Event[] events;
    private Rfc5424Formatter formatter;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        events = SampleEvents.events();
        formatter = new Rfc5424Formatter(SyslogFacility.parse("user"), "venice-events", 32473, Clock.systemUTC());
    }

    private int index() {
        next = (next + 1) & (SampleEvents.COUNT - 1);
        return next;
    }

    @Benchmark
    public String format() {
        return formatter.format(events[index()]);
    }

    /** format plus the UTF-8 conversion the route does next (convertBodyTo byte[]). */
    @Benchmark
    public byte[] formatToBytes() {
        return formatter.format(events[index()]).getBytes(StandardCharsets.UTF_8);
    }
}
