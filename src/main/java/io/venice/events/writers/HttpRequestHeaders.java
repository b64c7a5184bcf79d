package io.venice.events.writers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Sets the headers a destination wants on every request: {@code Authorization} (its value kept out of the endpoint
 * URI, which Camel logs and shows in its metrics and health checks) and the configured extra headers. camel-http
 * sends the message's headers as the request's.
 */
public final class HttpRequestHeaders implements Processor {

    private final Map<String, Supplier<String>> headers;

    /** {@code authorization}: the header's value, asked for on each request (null: no such header). */
    public HttpRequestHeaders(Supplier<String> authorization, Map<String, String> extra) {
        Map<String, Supplier<String>> all = new LinkedHashMap<>();
        extra.forEach((name, value) -> all.put(name, () -> value));
        if (authorization != null) {
            all.put("Authorization", authorization);
        }
        this.headers = Map.copyOf(all);
    }

    @Override
    public void process(Exchange exchange) {
        headers.forEach((name, value) -> exchange.getMessage().setHeader(name, value.get()));
    }

    @Override
    public String toString() {
        return "HttpRequestHeaders" + headers.keySet(); // names only: the Authorization value is a secret
    }
}
