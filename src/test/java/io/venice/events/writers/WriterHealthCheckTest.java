package io.venice.events.writers;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.venice.events.testing.MutableClock;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A writer's counters and readiness, as its route reports deliveries and failures. */
class WriterHealthCheckTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final DefaultCamelContext camel = new DefaultCamelContext();
    final WriterMonitor monitor = new WriterMonitor("venice", meters, clock);
    final WriterHealthCheck check = new WriterHealthCheck(monitor);

    WriterHealthCheckTest() {
        check.setCamelContext(camel);
    }

    @AfterEach
    void closeCamel() throws IOException {
        camel.close();
    }

    Exchange failedWith(Exception error) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setException(error);
        return exchange;
    }

    double count(String name) {
        return meters.get(name).tag("writer", "venice").counter().count();
    }

    @Test
    void isAReadinessCheckThatIsUpWhileNothingHasFailed() {
        assertThat(check.getId()).isEqualTo("writer-venice");
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void isDownFromTheFirstFailedAttemptUntilADeliverySucceeds() {
        monitor.attemptFailed(failedWith(new ConnectException("Connection refused")));
        clock.advance(Duration.ofSeconds(5));
        monitor.attemptFailed(failedWith(new IOException("HTTP 500")));

        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValue(
                "the venice destination has been unreachable since 2026-11-27T10:00:00Z; retrying");
        assertThat(down.getError()).get().extracting(Throwable::getMessage).isEqualTo("HTTP 500");

        monitor.delivered(3);

        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(count(WriterMonitor.RETRIED)).isEqualTo(2);
        assertThat(count(WriterMonitor.DELIVERED)).isEqualTo(3);
    }

    @Test
    void countsARefusalAsADeadLetterFromADestinationThatAnswered() {
        monitor.attemptFailed(failedWith(new ConnectException("Connection refused")));
        monitor.deadLettered(2);
        monitor.dropped(1);

        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(count(WriterMonitor.DEAD_LETTERED)).isEqualTo(2);
        assertThat(count(WriterMonitor.DROPPED)).isEqualTo(1);
        assertThat(count(WriterMonitor.DELIVERED)).isZero();
    }

    @Test
    void saysTheFileWriterCannotWriteRatherThanThatADestinationIsUnreachable() {
        WriterMonitor fileMonitor = new WriterMonitor("file", meters, clock);
        WriterHealthCheck file = new WriterHealthCheck(fileMonitor);
        file.setCamelContext(camel);
        fileMonitor.attemptFailed(failedWith(new IOException("No space left on device")));

        assertThat(file.getId()).isEqualTo("writer-file");
        assertThat(file.call().getMessage()).hasValue("the file writer has been failing to write since " + T0 + "; retrying");
    }

}
