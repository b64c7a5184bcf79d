package io.venice.events.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's judgement: trends of the samples, the file writer's counts, and the tracker settling as it goes. */
class SoakVerdictsTest {

    static final Trend.Tolerance TEN_PERCENT_OR_8 = new Trend.Tolerance(0.10, 8, "10%, at least 8");

    @Test
    void aFlatSeriesWithNoiseIsSteady() {
        Trend t = Trend.of("heap", List.of(95.0, 97.0, 94.0, 99.0, 93.0, 96.0, 98.0, 95.0, 97.0), TEN_PERCENT_OR_8);

        assertThat(t.steady()).isTrue();
        assertThat(t.verdict()).isEqualTo("steady");
        assertThat(t.first()).isEqualTo(95.0);
        assertThat(t.last()).isEqualTo(97.0);
    }

    @Test
    void aSlowLeakIsGrowingEvenWhenEachStepIsWithinTheTolerance() {
        Trend t = Trend.of("heap", List.of(90.0, 92.0, 94.0, 96.0, 98.0, 100.0, 102.0, 104.0, 106.0), TEN_PERCENT_OR_8);

        assertThat(t.steady()).isFalse();
        assertThat(t.verdict()).isEqualTo("growing");
        assertThat(t.last() - t.first()).isEqualTo(12.0);
    }

    @Test
    void oneSpikeInTheLastThirdDoesNotDecide() {
        Trend t = Trend.of("RSS", List.of(400.0, 401.0, 402.0, 400.0, 401.0, 402.0, 400.0, 600.0, 401.0), TEN_PERCENT_OR_8);

        assertThat(t.steady()).isTrue();
    }

    @Test
    void theAbsoluteToleranceCoversSmallCounts() {
        assertThat(Trend.of("fds", List.of(20.0, 20.0, 27.0), TEN_PERCENT_OR_8).steady()).isTrue();
        assertThat(Trend.of("fds", List.of(20.0, 20.0, 29.0), TEN_PERCENT_OR_8).steady()).isFalse();
    }

    @Test
    void noSamplesIsNotAPass() {
        Trend t = Trend.of("threads", List.of(), TEN_PERCENT_OR_8);

        assertThat(t.steady()).isFalse();
        assertThat(t.verdict()).isEqualTo("no samples");
    }

    @Test
    void theFileCounterCountsLinesAsTheyGrowAndDeletesWhatItCounted(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("events-2026-12-01.jsonl");
        Files.writeString(live, line("a", 1) + line("b", 2) + "{\"meta\":{\"uuid\":\"c\"", StandardCharsets.UTF_8);
        EventFileCounter counter = new EventFileCounter(dir);

        ReceiverCounts first = counter.rotateAndCount();
        assertThat(first.firsts()).isEqualTo(1);
        assertThat(first.updates()).isEqualTo(1);
        assertThat(Files.exists(live)).as("renamed aside").isFalse();

        // the writer's batch goes on into the renamed file; its next batch makes a new one
        Path aside;
        try (var files = Files.list(dir)) {
            aside = files.filter(p -> p.getFileName().toString().contains(".counted-")).findFirst().orElseThrow();
        }
        Files.writeString(aside, "},\"count\":1}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(live, line("d", 1), StandardCharsets.UTF_8);

        ReceiverCounts end = counter.finish();
        assertThat(end.firsts()).isEqualTo(3);
        assertThat(end.updates()).isEqualTo(1);
        assertThat(end.malformed()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void settlingForgetsDeliveredEventsAndKeepsThoseOnTheirWay() {
        DeliveryTracker tracker = new DeliveryTracker(1);
        String delivered = "00000000-0000-4000-8000-000000000001";
        String halfway = "00000000-0000-4000-8000-000000000002";
        tracker.acked(delivered, 100);
        tracker.arrived(DeliveryTracker.Receiver.VENICE, delivered, 150);
        tracker.arrived(DeliveryTracker.Receiver.SYSLOG, delivered, 300);
        tracker.acked(halfway, 100);
        tracker.arrived(DeliveryTracker.Receiver.SYSLOG, halfway, 120);

        DeliveryTracker.Settled settled = tracker.settle(Set.of(DeliveryTracker.Receiver.VENICE,
                DeliveryTracker.Receiver.SYSLOG), 1_000, 1_000);

        assertThat(settled.settled()).isEqualTo(1);
        assertThat(settled.pending()).isEqualTo(1);
        assertThat(settled.ackToArrival().get(DeliveryTracker.Receiver.SYSLOG).max()).isEqualTo(0.2); // µs
        assertThat(tracker.deliveries().get(DeliveryTracker.Receiver.VENICE).missing()).isEqualTo(1);
        assertThat(tracker.deliveries().get(DeliveryTracker.Receiver.SYSLOG).missing()).isZero();
    }

    private static String line(String uuid, int count) {
        return "{\"kind\":\"Event\",\"meta\":{\"uuid\":\"" + uuid + "\"},\"message\":\"a \\\"count\\\": 7\",\"count\":"
                + count + "}\n";
    }
}
