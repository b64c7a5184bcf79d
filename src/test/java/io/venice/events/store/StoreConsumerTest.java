package io.venice.events.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.venice.events.model.Event;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.MutableClock;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code from: store:events?reader=...}: what a writer route gets, and where its reader's offset goes. */
class StoreConsumerTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    EventStore store;
    CamelContext context;
    StoreComponent component;

    @BeforeEach
    void openStore() throws IOException {
        store = new EventStore(dir.resolve("store"), 1_000_000, 10_000_000, WhenFull.REJECT, false);
    }

    @AfterEach
    void stop() throws IOException {
        if (context != null) {
            context.stop();
        }
        store.close();
    }

    /** A fresh Camel context (as after a restart of the runner) with a store component and these routes. */
    CamelContext start(RouteBuilder routes) throws Exception {
        if (context != null) {
            context.stop();
        }
        context = new DefaultCamelContext();
        component = new StoreComponent(Map.of("events", store), dir.resolve("offsets"), clock);
        context.addComponent("store", component);
        context.getShutdownStrategy().setTimeout(10);
        context.addRoutes(routes);
        context.start();
        return context;
    }

    MockEndpoint mock(String name) {
        return context.getEndpoint("mock:" + name, MockEndpoint.class);
    }

    WriterFeed reader(String name) {
        return component.reader(name).orElseThrow();
    }

    static List<StoredEvent> events(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> new StoredEvent("occ-" + i, i, Events.linkDown("eth" + i, T0)))
                .toList();
    }

    static List<Event> states(List<StoredEvent> stored) {
        return stored.stream().map(StoredEvent::event).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Event> batchOf(Exchange exchange) {
        return exchange.getIn().getBody(List.class);
    }

    @Test
    void deliversBatchesAndCommitsEachOnceTheRouteIsDoneWithIt() throws Exception {
        List<Long> committedWhileInRoute = new CopyOnWriteArrayList<>();
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("store:events?reader=venice&batchSize=3")
                        .process(e -> committedWhileInRoute.add(reader("venice").committedOffset()))
                        .to("mock:out");
            }
        });
        long start = reader("venice").committedOffset();
        List<StoredEvent> appended = events(0, 7);
        mock("out").expectedMessageCount(3);

        store.append(appended, false);

        mock("out").assertIsSatisfied();
        List<Exchange> batches = mock("out").getReceivedExchanges();
        assertThat(batches).extracting(StoreConsumerTest::batchOf).containsExactly(
                states(appended.subList(0, 3)), states(appended.subList(3, 6)), states(appended.subList(6, 7)));
        assertThat(batches).extracting(e -> e.getIn().getHeader(StoreComponent.BATCH_SIZE)).containsExactly(3, 3, 1);
        List<EventStore.Entry> entries = store.read(start, 10).entries();
        assertThat(committedWhileInRoute).as("the offset each batch found: the end of the batch before it")
                .containsExactly(start, entries.get(3).offset(), entries.get(6).offset());
        Await.until(WAIT, () -> reader("venice").committedOffset() == store.endOffset());
        assertThat(Files.readString(dir.resolve("offsets/venice.offset"))).isEqualTo(Long.toString(store.endOffset()));
    }

    @Test
    void aRouteThatFailsCommitsNothingAndGetsTheSameBatchAgain() throws Exception {
        List<List<Event>> attempts = new CopyOnWriteArrayList<>();
        List<Long> committedAtEachAttempt = new CopyOnWriteArrayList<>();
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("store:events?reader=file&retryDelay=10ms")
                        .process(e -> {
                            attempts.add(batchOf(e));
                            committedAtEachAttempt.add(reader("file").committedOffset());
                            if (attempts.size() <= 2) {
                                throw new IllegalStateException("destination down");
                            }
                        })
                        .to("mock:out");
            }
        });
        long start = reader("file").committedOffset();
        List<StoredEvent> appended = events(0, 2);
        mock("out").expectedMessageCount(1);

        store.append(appended, false);

        mock("out").assertIsSatisfied();
        assertThat(attempts).containsExactly(states(appended), states(appended), states(appended));
        assertThat(committedAtEachAttempt).containsOnly(start);
        Await.until(WAIT, () -> reader("file").committedOffset() == store.endOffset());
    }

    @Test
    void aFailureTheRouteHandledCountsAsDoneAndTheReaderMovesOn() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                onException(IllegalStateException.class).handled(true).to("mock:dead");
                from("store:events?reader=venice&batchSize=1")
                        .process(e -> {
                            throw new IllegalStateException("400 Bad Request");
                        });
            }
        });
        List<StoredEvent> appended = events(0, 2);
        mock("dead").expectedMessageCount(2);

        store.append(appended, false);

        mock("dead").assertIsSatisfied();
        assertThat(mock("dead").getReceivedExchanges()).extracting(StoreConsumerTest::batchOf)
                .containsExactly(states(appended.subList(0, 1)), states(appended.subList(1, 2)));
        Await.until(WAIT, () -> reader("venice").committedOffset() == store.endOffset());
    }

    @Test
    void aRestartedConsumerResumesAtTheCommittedOffsetWithTheBatchThatHadFailed() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("store:events?reader=syslog&batchSize=2&retryDelay=10ms")
                        .process(e -> {
                            if (batchOf(e).get(0).message().equals("port eth2 down")) {
                                failures.incrementAndGet();
                                throw new IllegalStateException("collector down");
                            }
                        })
                        .to("mock:out");
            }
        });
        List<StoredEvent> appended = events(0, 4);
        mock("out").expectedMessageCount(1);
        store.append(appended, false);
        mock("out").assertIsSatisfied();
        Await.until(WAIT, () -> failures.get() >= 2);
        long committed = reader("syslog").committedOffset();
        List<StoredEvent> whileStopped = events(4, 5);

        context.stop(); // the runner stops, eth2 and eth3 not delivered
        store.append(whileStopped, false);
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("store:events?reader=syslog&batchSize=10").to("mock:out");
            }
        });
        mock("out").expectedMessageCount(1);

        mock("out").assertIsSatisfied();
        assertThat(store.read(committed, 1).entries().get(0).event()).isEqualTo(appended.get(2));
        assertThat(batchOf(mock("out").getReceivedExchanges().get(0)))
                .containsExactlyElementsOf(states(List.of(appended.get(2), appended.get(3), whileStopped.get(0))));
    }

    @Test
    void passesOverHeldStates() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("store:events?reader=file").to("mock:out");
            }
        });
        Event first = Events.linkDown("eth1", T0);
        mock("out").expectedMessageCount(1);

        store.append(List.of(new StoredEvent("a", 0L, true, first.withCount(2)),
                new StoredEvent("b", 0L, first.withCount(3))), false);

        mock("out").assertIsSatisfied();
        assertThat(batchOf(mock("out").getReceivedExchanges().get(0))).extracting(Event::count).containsExactly(3);
        Await.until(WAIT, () -> reader("file").committedOffset() == store.endOffset());
    }

    @Test
    void aPartialBatchWaitsMaxWaitByTheClock() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("store:events?reader=venice&batchSize=3&maxWait=1s&pollDelay=5ms").to("mock:out");
            }
        });
        mock("out").expectedMessageCount(2);
        store.append(events(0, 4), false);
        WriterFeed feed = reader("venice");
        Await.until(WAIT, () -> !feed.hasWork() && feed.hasPending()); // eth3 read, waiting for more
        assertThat(mock("out").getReceivedExchanges()).as("the full batch of 3 at once; eth3 waits").hasSize(1);

        clock.advance(Duration.ofSeconds(1));

        mock("out").assertIsSatisfied();
        assertThat(batchOf(mock("out").getReceivedExchanges().get(1))).extracting(Event::message)
                .containsExactly("port eth3 down");
    }

    @Test
    void confirmsABatchOnlyOnceItsConnectionStayedUpAndSendsItAgainAfterADrop() throws Exception {
        AtomicReference<Instant> lastDrop = new AtomicReference<>(Instant.MIN);
        RouteBuilder routes = new RouteBuilder() {
            @Override
            public void configure() {
                from("store:events?reader=syslog&confirmAfter=2s&connectionWatch=#watch&pollDelay=5ms").to("mock:out");
            }
        };
        context = new DefaultCamelContext();
        context.getRegistry().bind("watch", (ConnectionWatch) lastDrop::get);
        component = new StoreComponent(Map.of("events", store), dir.resolve("offsets"), clock);
        context.addComponent("store", component);
        context.addRoutes(routes);
        context.start();
        long start = reader("syslog").committedOffset();
        List<StoredEvent> appended = events(0, 2);
        mock("out").expectedMessageCount(1);
        store.append(appended, false);
        mock("out").assertIsSatisfied();
        assertThat(reader("syslog").committedOffset()).as("sent, not confirmed").isEqualTo(start);
        mock("out").reset();
        mock("out").expectedMessageCount(1);

        clock.advance(Duration.ofMillis(500));
        lastDrop.set(clock.instant());

        mock("out").assertIsSatisfied();
        assertThat(batchOf(mock("out").getReceivedExchanges().get(0))).as("sent again").isEqualTo(states(appended));
        // confirmed 2 s after the resend was taken (committed, just after the mock got it): time goes on meanwhile
        Await.until(WAIT, () -> {
            clock.advance(Duration.ofMillis(100));
            return reader("syslog").committedOffset() == store.endOffset();
        });
    }

    @Test
    void theComponentListsTheFeedsOfItsStartedConsumersOnly() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("store:events?reader=file").routeId("file").to("mock:file");
                from("store:events?reader=venice").routeId("venice").autoStartup(false).to("mock:venice");
            }
        });

        assertThat(component.readers()).extracting(WriterFeed::writer).containsExactly("file");
        assertThat(dir.resolve("offsets/venice.offset")).as("a route never started holds nothing").doesNotExist();

        context.getRouteController().startRoute("venice");
        context.getRouteController().stopRoute("file");

        assertThat(component.readers()).extracting(WriterFeed::writer).containsExactly("venice");
    }
}
