package io.venice.events.writers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Which failed POSTs to Venice are worth retrying, and when. Connection errors, timeouts, 408, 429 and 5xx
 * are retried (the route's redelivery policy backs off exponentially); a 429 or 503 with {@code Retry-After}
 * waits as long as the server asked. Any other answer outside 2xx is final: the batch cannot succeed as is.
 * As a {@link Processor} it runs when a delivery fails, before the next attempt is scheduled.
 */
public final class HttpRetryPolicy implements Processor {

    /** Longest Retry-After honoured; a server asking for more gets retried after this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private final Clock clock;

    public HttpRetryPolicy(Clock clock) {
        this.clock = clock;
    }

    /** True for an answer that retrying cannot fix: 3xx and 4xx except 408 (timeout) and 429 (too many requests). */
    public boolean isPermanent(Exchange exchange) {
        HttpOperationFailedException failure = httpFailure(exchange);
        if (failure == null) {
            return false;
        }
        int status = failure.getStatusCode();
        return status >= 300 && status < 500 && status != 408 && status != 429;
    }

    /** Sets the delay before the next attempt from Retry-After, or leaves it to the exponential backoff. */
    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        HttpOperationFailedException failure = httpFailure(exchange);
        if (failure == null || failure.getResponseHeaders() == null) {
            return;
        }
        String retryAfter = failure.getResponseHeaders().entrySet().stream()
                .filter(header -> "Retry-After".equalsIgnoreCase(header.getKey()))
                .map(header -> header.getValue())
                .findFirst().orElse(null);
        Duration wait = retryAfter == null ? null : parseRetryAfter(retryAfter.trim());
        if (wait != null) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis());
        }
    }

    /** The HTTP failure, whether still on the exchange or already moved aside by the error handler. */
    private static HttpOperationFailedException httpFailure(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        while (failure != null && !(failure instanceof HttpOperationFailedException)) {
            failure = failure.getCause() == failure ? null : failure.getCause();
        }
        return (HttpOperationFailedException) failure;
    }

    /** Retry-After is delta-seconds or an HTTP-date (RFC 9110 10.2.3); null when it is neither. */
    Duration parseRetryAfter(String value) {
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }
}
