package io.venice.events.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.MutableClock;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a route author gets wrong in a store: URI, and what the options become. */
class StoreEndpointTest {

    @TempDir
    Path dir;
    EventStore events;
    EventStore audit;
    CamelContext context;

    @BeforeEach
    void start() throws IOException {
        events = new EventStore(dir.resolve("events"), 1_000_000, 10_000_000, WhenFull.REJECT, false);
        audit = new EventStore(dir.resolve("audit"), 1_000_000, 10_000_000, WhenFull.REJECT, false);
        context = new DefaultCamelContext();
        context.addComponent("store", new StoreComponent(Map.of("events", events, "audit", audit),
                dir.resolve("offsets"), new MutableClock(Instant.parse("2026-11-27T10:00:00Z"))));
        context.getRegistry().bind("watch", (ConnectionWatch) () -> Instant.MIN);
        context.start();
    }

    @AfterEach
    void stop() throws IOException {
        context.stop();
        events.close();
        audit.close();
    }

    @Test
    void anUnknownLogNameFailsTheEndpointNamingTheKnownLogs() {
        assertThatThrownBy(() -> context.getEndpoint("store:evnets"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("no event store log is named 'evnets'; the logs are: audit, events");
    }

    @Test
    void anUnknownOptionFailsTheEndpoint() {
        assertThatThrownBy(() -> context.getEndpoint("store:events?reader=venice&batchSise=3"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("batchSise");
    }

    @Test
    void takesItsOptionsFromTheUri() {
        StoreEndpoint endpoint = context.getEndpoint("store:events?reader=syslog&batchSize=7&maxWait=100ms"
                + "&pollDelay=20&confirmAfter=2s&connectionWatch=#watch&retryDelay=PT3S", StoreEndpoint.class);

        assertThat(endpoint.getLog()).isEqualTo("events");
        assertThat(endpoint.getReader()).isEqualTo("syslog");
        assertThat(endpoint.getBatchSize()).isEqualTo(7);
        assertThat(endpoint.getMaxWait()).isEqualTo(Duration.ofMillis(100));
        assertThat(endpoint.getPollDelay()).as("plain milliseconds").isEqualTo(Duration.ofMillis(20));
        assertThat(endpoint.getConfirmAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(endpoint.getConnectionWatch()).isSameAs(context.getRegistry().lookupByName("watch"));
        assertThat(endpoint.getRetryDelay()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void hasTheDocumentedDefaults() {
        StoreEndpoint endpoint = context.getEndpoint("store:events", StoreEndpoint.class);

        assertThat(endpoint.isReserved()).isFalse();
        assertThat(endpoint.getBatchSize()).isEqualTo(500);
        assertThat(endpoint.getMaxWait()).isZero();
        assertThat(endpoint.getPollDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(endpoint.getConfirmAfter()).isZero();
        assertThat(endpoint.getConnectionWatch()).isNull();
        assertThat(endpoint.getRetryDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aConsumerWithoutAReaderNameFailsItsRoute() {
        assertThatThrownBy(() -> startRoute("store:events"))
                .hasStackTraceContaining("from: store:events needs reader=<name>");
    }

    @Test
    void aReaderNameThatIsNoFileNameFailsItsRoute() {
        assertThatThrownBy(() -> startRoute("store:events?reader=../venice"))
                .hasStackTraceContaining("needs reader=<name>");
    }

    @Test
    void confirmAfterWithoutAConnectionWatchFailsItsRoute() {
        assertThatThrownBy(() -> startRoute("store:events?reader=syslog&confirmAfter=2s"))
                .hasStackTraceContaining("confirmAfter needs connectionWatch");
    }

    @Test
    void twoConsumersCannotShareAReaderName() {
        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("store:events?reader=venice").to("mock:a");
                from("store:audit?reader=venice").to("mock:b");
            }
        })).hasStackTraceContaining("store reader 'venice' is already started");
    }

    @Test
    void aProducerRefusesAReaderName() {
        assertThatThrownBy(() -> context.createProducerTemplate().sendBody("store:events?reader=venice", java.util.List.of()))
                .hasStackTraceContaining("reader is an option of from: store:events");
    }

    private void startRoute(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).to("mock:out");
            }
        });
    }
}
