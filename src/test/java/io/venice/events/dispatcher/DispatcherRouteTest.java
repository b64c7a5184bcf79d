package io.venice.events.dispatcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.venice.events.model.Event;
import io.venice.events.testing.Events;
import io.venice.events.testing.MutableClock;
import io.venice.events.testing.PipelineHarness;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's routes (dispatcher, repeats) on the real YAML, with the writers replaced by a mock. */
class DispatcherRouteTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dataDir;
    final MutableClock clock = new MutableClock(T0);
    PipelineHarness pipeline;
    MockEndpoint writers;

    void start(String dedupInterval, String flushInterval) throws Exception {
        pipeline = PipelineHarness.builder(dataDir)
                .clock(clock)
                .property("dispatcher.dedup-interval", dedupInterval)
                .property("dispatcher.flush-interval", flushInterval)
                .advise("dispatcher", a -> a.weaveByToUri("direct:writers").replace().to("mock:writers"))
                .advise("repeats", a -> a.weaveByToUri("direct:writers").replace().to("mock:writers"))
                .start();
        writers = pipeline.context().getEndpoint("mock:writers", MockEndpoint.class);
    }

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** Hands {@code n} occurrences of the same event to the dispatcher, as the proxy does, and waits until they are dispatched. */
    void dispatch(int n) {
        List<Event> occurrences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            occurrences.add(Events.linkDown("eth1", clock.instant()));
        }
        // request-reply on a seda queue returns once the dispatcher has processed the whole list
        pipeline.producer().requestBody("seda:dispatcher", occurrences);
    }

    /** What a flush interval does, without waiting for one: complete every pending repeat count now. */
    void flushRepeats() {
        // the signal needs a correlation key too; it is not aggregated itself
        Event signal = Events.linkDown("flush-signal", clock.instant());
        pipeline.producer().sendBodyAndHeader("direct:repeats", signal, Exchange.AGGREGATION_COMPLETE_ALL_GROUPS, true);
    }

    List<Event> delivered() {
        return writers.getReceivedExchanges().stream().map(e -> e.getMessage().getBody(Event.class)).toList();
    }

    static Map<String, Integer> highestCountPerUuid(List<Event> events) {
        return events.stream().collect(Collectors.toMap(Event::uuid, Event::countOrOne, Math::max));
    }

    @Test
    void sendsTheFirstOccurrenceAtOnceAndRepeatsOnlyAsOneCountedUpdate() throws Exception {
        start("1s", "1h");

        writers.expectedMessageCount(1);
        dispatch(100);
        writers.assertIsSatisfied();
        assertThat(delivered().get(0).count()).isEqualTo(1);

        writers.reset();
        writers.expectedMessageCount(1);
        flushRepeats();
        writers.assertIsSatisfied();
        Event update = delivered().get(0);
        assertThat(update.count()).isEqualTo(100);
        assertThat(update.uuid()).isNotNull();
    }

    @Test
    void countsANewEventUnderANewUuidAfterTheWindowAndLeavesTheOldCountAlone() throws Exception {
        start("1s", "1h");
        writers.expectedMessageCount(4);

        dispatch(100);
        flushRepeats();
        clock.advance(Duration.ofMillis(1001));
        dispatch(100);
        flushRepeats();

        writers.assertIsSatisfied();
        Map<String, Integer> counts = highestCountPerUuid(delivered());
        assertThat(counts).hasSize(2);
        assertThat(counts.values()).containsExactly(100, 100);
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    }

    @Test
    void sendsTheUpdatedCountByItselfEveryFlushInterval() throws Exception {
        start("10m", "200ms");
        writers.expectedMessageCount(2);

        dispatch(10);

        writers.assertIsSatisfied();
        assertThat(delivered()).extracting(Event::count).containsExactly(1, 10);
        assertThat(highestCountPerUuid(delivered())).hasSize(1);
    }

    @Test
    void flushesPendingCountsWhenThePipelineStops() throws Exception {
        start("10m", "1h");
        writers.expectedMessageCount(1);
        dispatch(100);
        writers.assertIsSatisfied();
        List<Exchange> received = Collections.synchronizedList(new ArrayList<>());
        received.addAll(writers.getReceivedExchanges());
        writers.whenAnyExchangeReceived(received::add);

        pipeline.stop();

        assertThat(received).extracting(e -> e.getMessage().getBody(Event.class).count()).containsExactly(1, 100);
    }
}
