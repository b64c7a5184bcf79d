package io.venice.events.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the Venice events API: a real HTTP server on {@code 127.0.0.1} and a free port (JDK
 * {@code com.sun.net.httpserver}). It records every request (method, path, Content-Type, raw body, the body
 * parsed as JSON, the status it answered) and answers 200, or a scripted status for the next N requests
 * ({@link #failNext(int, int)}) to exercise the writer's retries. Thread-safe: the runner may POST
 * concurrently while the test reads.
 */
public final class VeniceHttpServer implements AutoCloseable {

    public static final String EVENTS_PATH = "/events/v1/events";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP request as received, and the status it was answered with. */
    public record Request(Instant receivedAt, String method, String path, String contentType, String rawBody,
                          JsonNode body, int status) {

        public boolean accepted() {
            return status >= 200 && status < 300;
        }

        /** The {@code items} of an EventList body (empty when the body is not one). */
        public List<JsonNode> items() {
            List<JsonNode> items = new ArrayList<>();
            if (body != null && body.path("items").isArray()) {
                body.path("items").forEach(items::add);
            }
            return items;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Object script = new Object();
    private int failuresLeft;
    private int failureStatus = 500;
    private String failureRetryAfter;

    private VeniceHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static VeniceHttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "venice-http-stub");
                t.setDaemon(true);
                return t;
            });
            VeniceHttpServer venice = new VeniceHttpServer(server, executor);
            server.createContext("/", venice::handle);
            server.setExecutor(executor);
            server.start();
            return venice;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Venice stub", e);
        }
    }

    /** The URL for {@code writers.venice.url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + EVENTS_PATH;
    }

    /** Answers {@code status} (e.g. 500) to the next {@code n} requests, then 200 again. */
    public VeniceHttpServer failNext(int n, int status) {
        return failNext(n, status, null);
    }

    /** As {@link #failNext(int, int)}, with a {@code Retry-After} header (e.g. "1") on those answers. */
    public VeniceHttpServer failNext(int n, int status, String retryAfter) {
        synchronized (script) {
            failuresLeft = n;
            failureStatus = status;
            failureRetryAfter = retryAfter;
        }
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            String raw = new String(bytes, StandardCharsets.UTF_8);
            JsonNode body;
            try {
                body = raw.isEmpty() ? null : JSON.readTree(raw);
            } catch (IOException notJson) {
                body = null;
            }
            int status;
            String retryAfter = null;
            synchronized (script) {
                if (failuresLeft > 0) {
                    failuresLeft--;
                    status = failureStatus;
                    retryAfter = failureRetryAfter;
                } else {
                    status = 200;
                }
            }
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            requests.add(new Request(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), raw, body, status));
            byte[] answer = (status < 300 ? "{}" : "{\"error\":\"stub answers " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests answered 2xx: the batches Venice took. */
    public List<Request> acceptedRequests() {
        return requests.stream().filter(Request::accepted).toList();
    }

    /** The events Venice took, over all accepted batches, in arrival order. */
    public List<JsonNode> acceptedEvents() {
        List<JsonNode> items = new ArrayList<>();
        acceptedRequests().forEach(r -> items.addAll(r.items()));
        return items;
    }

    /** The accepted events (first occurrences and updates) carrying {@code uuid}, in arrival order. */
    public List<JsonNode> acceptedEventsWithUuid(String uuid) {
        return acceptedEvents().stream().filter(e -> uuid.equals(e.path("meta").path("uuid").asText())).toList();
    }

    /** Waits until at least {@code n} events were accepted over all batches; returns them all. */
    public List<JsonNode> awaitEvents(int n, Duration timeout) {
        Await.until(timeout, () -> acceptedEvents().size() >= n,
                () -> "Venice stub expected " + n + " events, accepted " + acceptedEvents().size()
                        + " in " + requests.size() + " requests");
        return acceptedEvents();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "VeniceHttpServer[" + url() + ", " + requests.size() + " requests]";
    }

    /** For failure messages: one line per request. */
    public String describeRequests() {
        StringBuilder text = new StringBuilder();
        for (Request r : requests) {
            text.append(r.receivedAt()).append(' ').append(r.method()).append(' ').append(r.path())
                    .append(" -> ").append(r.status()).append(", ").append(r.items().size()).append(" items\n");
        }
        return text.toString();
    }
}
