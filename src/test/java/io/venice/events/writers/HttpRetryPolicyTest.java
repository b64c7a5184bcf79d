package io.venice.events.writers;

import java.time.Instant;
import java.util.Map;

import io.venice.events.testing.MutableClock;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HttpRetryPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    final HttpRetryPolicy policy = new HttpRetryPolicy(new MutableClock(NOW));

    Exchange failedWith(int status, String retryAfter) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        Map<String, String> headers = retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter);
        exchange.setException(new HttpOperationFailedException("http://venice", status, "x", null, headers, "body"));
        return exchange;
    }

    @ParameterizedTest(name = "HTTP {0} permanent: {1}")
    @CsvSource({"400, true", "401, true", "403, true", "404, true", "413, true", "301, true",
        "408, false", "429, false", "500, false", "502, false", "503, false"})
    void givesUpOnlyOnAnswersRetryingCannotFix(int status, boolean permanent) {
        assertThat(policy.isPermanent(failedWith(status, null))).isEqualTo(permanent);
    }

    @ParameterizedTest(name = "Retry-After {0} -> {1} ms")
    @CsvSource(delimiter = '|', value = {
        "2                             | 2000",
        "0                             | 0",
        "Fri, 27 Nov 2026 10:00:30 GMT | 30000",
        "Fri, 27 Nov 2026 09:00:00 GMT | 0",
        "86400                         | 600000",
    })
    void waitsAsLongAsRetryAfterAsksUpToTenMinutes(String retryAfter, long millis) {
        Exchange exchange = failedWith(429, retryAfter);

        policy.process(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class)).isEqualTo(millis);
    }

    @ParameterizedTest(name = "Retry-After {0}")
    @CsvSource({"soon", "-5x"})
    void leavesTheBackoffAloneForARetryAfterItCannotRead(String retryAfter) {
        Exchange exchange = failedWith(503, retryAfter);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, 1234L);

        policy.process(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY)).isNull();
    }
}
