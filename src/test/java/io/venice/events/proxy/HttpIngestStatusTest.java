package io.venice.events.proxy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.venice.events.proxy.EventValidator.TypeCheck;
import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP status of a body's reply, from what the proxy made of it (resends: see HttpIngestRouteTest and HttpIngestIT). */
class HttpIngestStatusTest {

    final ProxyIntake intake = new ProxyIntake(new EventValidator(ProxyIntakeTest.shippedCatalog(), TypeCheck.STRICT),
            new EventDefaults(ProxyIntakeTest.shippedCatalog(), "proxy-node", false, new MutableClock(ProxyIntakeTest.NOW)),
            new SimpleMeterRegistry());
    final HttpIngestStatus status = new HttpIngestStatus();

    int statusOf(String body) {
        return status.of(intake.read(body), null);
    }

    static String list(String... items) {
        return "{\"kind\":\"EventList\",\"items\":[" + String.join(",", items) + "]}";
    }

    @Test
    void anEventOrAListToStoreIsCreated() {
        assertThat(statusOf(ProxyIntakeTest.LINK_DOWN)).isEqualTo(201);
        assertThat(statusOf(list(ProxyIntakeTest.LINK_DOWN, ProxyIntakeTest.LINK_DOWN))).isEqualTo(201);
    }

    @Test
    void anEmptyListIsOnlyAcknowledged() {
        assertThat(statusOf(list())).isEqualTo(200);
    }

    @Test
    void aBodyRefusedWholeOrInPartIsABadRequest() {
        assertThat(statusOf("")).isEqualTo(400);
        assertThat(statusOf("{oops")).isEqualTo(400);
        assertThat(statusOf("{\"type\":\"LINK_DOWN\",\"source\":{\"component\":\"linkmgr\"}}")).isEqualTo(400);
        assertThat(statusOf(list(ProxyIntakeTest.LINK_DOWN, "{\"type\":\"LINK_UP\"}"))).as("one item refused")
                .isEqualTo(400);
        assertThat(status.of(intake.read(new OversizedLine(65536)), null)).isEqualTo(400);
    }
}
