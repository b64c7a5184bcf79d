package io.venice.events.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
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
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;

/**
 * A stand-in for the Venice events API: a real HTTP server on {@code 127.0.0.1} and a free port (JDK
 * {@code com.sun.net.httpserver}). It records every request (method, path, Content-Type, raw body, the body
 * parsed as JSON, the status it answered) and answers 200, or a scripted status for the next N requests
 * ({@link #failNext(int, int)}), or to every request until {@link #recover()} ({@link #failAll(int)}), to
 * exercise the writer's retries. It can also answer slowly ({@link #respondAfter(Duration)}), and go away and
 * come back on the same port ({@link #stop()}, {@link #restart()}): while stopped, connections are refused.
 * Over HTTPS ({@link #startHttps}) it presents a certificate of the test's and may require a client certificate;
 * with {@link #requireAuthorization} it answers 401 to a request whose {@code Authorization} header is not the one
 * expected. Every request's headers are recorded.
 * Thread-safe: the runner may POST concurrently while the test reads.
 */
public final class VeniceHttpServer implements AutoCloseable {

    public static final String EVENTS_PATH = "/events/v1/events";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP request as received, and the status it was answered with. */
    public record Request(Instant receivedAt, String method, String path, String contentType, String rawBody,
                          JsonNode body, int status, java.util.Map<String, List<String>> headers) {

        /** The first value of header {@code name} (any case), null when absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }

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

    /** How long {@link #restart()} keeps trying to bind the port again. */
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService executor;
    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Object script = new Object();
    private final Object lifecycle = new Object();
    private HttpServer server; // null while stopped
    private int failuresLeft;
    private int failureStatus = 500;
    private String failureRetryAfter;
    private int failAllStatus; // 0: answer normally
    private String failAllRetryAfter;
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile String expectedAuthorization; // null: any request is authorised
    private final HttpsConfigurator https; // null: plain HTTP

    private VeniceHttpServer(ExecutorService executor, int port, HttpsConfigurator https) {
        this.executor = executor;
        this.port = port;
        this.https = https;
    }

    public static VeniceHttpServer start() {
        return start(null);
    }

    /**
     * Over HTTPS with {@code context} (e.g. {@code PemTls.server(cert, key, clientCa)}); a client without a
     * certificate that {@code context} trusts is refused at the handshake when {@code needClientCertificate}.
     */
    public static VeniceHttpServer startHttps(SSLContext context, boolean needClientCertificate) {
        return start(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientCertificate);
                parameters.setSSLParameters(ssl);
            }
        });
    }

    private static VeniceHttpServer start(HttpsConfigurator https) {
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "venice-http-stub");
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = create(https, 0);
            VeniceHttpServer venice = new VeniceHttpServer(executor, server.getAddress().getPort(), https);
            venice.listen(server);
            return venice;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the Venice stub", e);
        }
    }

    private static HttpServer create(HttpsConfigurator https, int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (https == null) {
            return HttpServer.create(address, 0);
        }
        HttpsServer server = HttpsServer.create(address, 0);
        server.setHttpsConfigurator(https);
        return server;
    }

    /** Answers 401 to every request whose {@code Authorization} header is not exactly {@code value}. */
    public VeniceHttpServer requireAuthorization(String value) {
        this.expectedAuthorization = value;
        return this;
    }

    private void listen(HttpServer newServer) {
        newServer.createContext("/", this::handle);
        newServer.setExecutor(executor);
        newServer.start();
        server = newServer;
    }

    /** The URL for {@code writers.venice.url}; the same across {@link #stop()} and {@link #restart()}. */
    public String url() {
        return (https == null ? "http" : "https") + "://127.0.0.1:" + port + EVENTS_PATH;
    }

    /**
     * Venice goes away: the listening socket and every open connection are closed at once (a request being
     * answered gets no answer), so the writer's next attempts are refused. Requests received so far are kept.
     */
    public VeniceHttpServer stop() {
        synchronized (lifecycle) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
        return this;
    }

    /** Venice comes back on the same port (retrying the bind for a while if the port is not free yet). */
    public VeniceHttpServer restart() {
        synchronized (lifecycle) {
            if (server != null) {
                return this;
            }
            long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
            while (true) {
                try {
                    listen(create(https, port));
                    return this;
                } catch (BindException stillTaken) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new UncheckedIOException("cannot listen on port " + port + " again", stillTaken);
                    }
                    Await.pause();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot restart the Venice stub on port " + port, e);
                }
            }
        }
    }

    /** Whether it is listening (not {@link #stop() stopped}). */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return server != null;
        }
    }

    /**
     * Answers {@code status} to every request from now on, until {@link #recover()} (after any {@link #failNext}
     * answers still to give).
     */
    public VeniceHttpServer failAll(int status) {
        return failAll(status, null);
    }

    /** As {@link #failAll(int)}, with a {@code Retry-After} header (e.g. "1") on those answers. */
    public VeniceHttpServer failAll(int status, String retryAfter) {
        synchronized (script) {
            failAllStatus = status;
            failAllRetryAfter = retryAfter;
        }
        return this;
    }

    /** Answers 200 again after {@link #failAll}. */
    public VeniceHttpServer recover() {
        return failAll(0, null);
    }

    /** Answers each request only {@code delay} after it arrived (a slow Venice); {@link Duration#ZERO} for at once. */
    public VeniceHttpServer respondAfter(Duration delay) {
        this.responseDelay = delay;
        return this;
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
            Duration delay = responseDelay;
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis()); // the stub is slow on purpose; the test itself does not wait here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            int status;
            String retryAfter = null;
            String expected = expectedAuthorization;
            synchronized (script) {
                if (expected != null && !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    status = 401;
                } else if (failuresLeft > 0) {
                    failuresLeft--;
                    status = failureStatus;
                    retryAfter = failureRetryAfter;
                } else if (failAllStatus != 0) {
                    status = failAllStatus;
                    retryAfter = failAllRetryAfter;
                } else {
                    status = 200;
                }
            }
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            requests.add(new Request(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), raw, body, status,
                    java.util.Map.copyOf(exchange.getRequestHeaders())));
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

    /** The requests answered {@code status} so far. */
    public long requestsAnswered(int status) {
        return requests.stream().filter(r -> r.status() == status).count();
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
        stop();
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
