package io.venice.events.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Events;
import io.venice.events.testing.MutableClock;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code to: store:events}: what a route appending to the store sees. */
class StoreProducerTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;
    EventStore store;
    CamelContext context;
    ProducerTemplate template;

    void start(long maxBytes) throws IOException {
        store = new EventStore(dir.resolve("store"), 1_000_000, maxBytes, WhenFull.REJECT, false);
        context = new DefaultCamelContext();
        context.addComponent("store", new StoreComponent(Map.of("events", store), dir.resolve("offsets"),
                new MutableClock(T0)));
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() throws IOException {
        context.stop();
        store.close();
    }

    static List<StoredEvent> events(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new StoredEvent("occ-" + i, i, Events.linkDown("eth" + i, T0)))
                .toList();
    }

    /** Room for 4 events: 2 fit, 3 more do not. */
    static long roomForFour() {
        return 4L * (io.venice.events.json.EventJson.write(events(1).get(0)).length() + 1);
    }

    Exchange send(String uri, Object body) {
        return template.send(uri, exchange -> exchange.getIn().setBody(body));
    }

    @Test
    void appendsTheListAndTellsTheOffsetOfItsFirstEvent() throws IOException {
        start(10_000_000);
        store.append(events(2), false);
        List<StoredEvent> appended = events(3);

        Exchange exchange = send("store:events", appended);

        assertThat(exchange.getException()).isNull();
        long first = exchange.getMessage().getHeader(StoreComponent.OFFSET, Long.class);
        assertThat(store.read(first, 10).entries()).extracting(EventStore.Entry::event)
                .containsExactlyElementsOf(appended);
    }

    @Test
    void appendsOneStoredEvent() throws IOException {
        start(10_000_000);
        StoredEvent one = events(1).get(0);

        Exchange exchange = send("store:events", one);

        long first = exchange.getMessage().getHeader(StoreComponent.OFFSET, Long.class);
        assertThat(store.read(first, 10).entries()).extracting(EventStore.Entry::event).containsExactly(one);
    }

    @Test
    void anEmptyListAppendsNothing() throws IOException {
        start(10_000_000);

        Exchange exchange = send("store:events", List.of());

        assertThat(exchange.getException()).isNull();
        assertThat(store.endOffset()).isZero();
        assertThat(exchange.getMessage().getHeader(StoreComponent.OFFSET)).isNull();
    }

    @Test
    void aFullStoreFailsTheExchangeWithStoreFull() throws IOException {
        start(roomForFour());
        send("store:events", events(2));

        Exchange exchange = send("store:events", events(3));

        assertThat(exchange.getException()).isInstanceOf(StoreFullException.class).hasMessageContaining("event store full");
        assertThat(exchange.getMessage().getHeader(StoreComponent.OFFSET)).isNull();
    }

    @Test
    void reservedEventsPassAFullStore() throws IOException {
        start(roomForFour());
        send("store:events", events(2));

        Exchange exchange = send("store:events?reserved=true", events(3));

        assertThat(exchange.getException()).isNull();
        assertThat(store.retainedBytes()).isGreaterThan(roomForFour());
    }

    @Test
    void aBodyOfAnythingElseFailsTheExchangeSayingWhatItGot() throws IOException {
        start(10_000_000);

        Exchange exchange = send("store:events", List.of("not a stored event"));

        assertThat(exchange.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes StoredEvent items (or the batch of a store: consumer); got java.lang.String");
        assertThat(store.endOffset()).isZero();
    }
}
