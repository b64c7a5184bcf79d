package io.venice.events.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.venice.events.model.Event;
import io.venice.events.store.StoreFullException;
import io.venice.events.store.StoredEvent;
import io.venice.events.testing.Await;
import io.venice.events.testing.Events;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.PipelineHarness;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The http-ingest route on the real YAML and the real embedded HTTP server, with a mock after the dispatcher's
 * append: what {@code proxy.http-max-requests} lets in, what a store that refuses the append makes of a request,
 * and what the gate answers while the route is stopped.
 */
class HttpIngestRouteTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    PipelineHarness pipeline;
    MockEndpoint stored;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Set: the next append fails as a full store's does. */
    final AtomicBoolean storeFull = new AtomicBoolean();
    /** Set: an append waits for {@link #release} (and says so on {@link #appending}). */
    final AtomicBoolean appendsWait = new AtomicBoolean();
    final CountDownLatch appending = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        pipeline = PipelineHarness.builder(dataDir)
                .property("proxy.http-max-requests", "1")
                .advise("dispatcher", a -> a.weaveByToUri("store:events").before().process(exchange -> {
                    if (storeFull.getAndSet(false)) {
                        throw new StoreFullException("event store full: a test says so");
                    }
                    if (appendsWait.get()) {
                        appending.countDown();
                        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                }).to("mock:stored"))
                .start();
        stored = pipeline.context().getEndpoint("mock:stored", MockEndpoint.class);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        pipeline.close();
    }

    HttpRequest post(String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pipeline.httpPort() + "/events"))
                .header("Content-Type", "application/json").header("X-Sender-Secret", "not for the reply")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    HttpResponse<String> send(String body) throws Exception {
        return http.send(post(body), HttpResponse.BodyHandlers.ofString());
    }

    static String withUuid(String line, String uuid) {
        return line.replace("{\"type\"", "{\"meta\":{\"uuid\":\"" + uuid + "\"},\"type\"");
    }

    @Test
    void storesTheBodysEventsAnswers201AndSendsBackNoneOfTheRequestsHeaders() throws Exception {
        stored.expectedMessageCount(1);

        HttpResponse<String> response = send(Events.linkDownLine("eth1"));

        stored.assertIsSatisfied();
        @SuppressWarnings("unchecked")
        List<Event> events = ((List<StoredEvent>) stored.getReceivedExchanges().get(0).getMessage().getBody(List.class))
                .stream().map(StoredEvent::event).toList();
        assertThat(events).extracting(Event::message).containsExactly("port eth1 down");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"uuid\":\"" + events.get(0).uuid() + "\"}");
        assertThat(response.headers().map().keySet()).map(String::toLowerCase)
                .doesNotContain("x-sender-secret").noneMatch(name -> name.startsWith("venice") || name.startsWith("camel"));
    }

    @Test
    void aRequestBeyondProxyHttpMaxRequestsIs503WithRetryAfterAndTheOneInProgressIsStillStored() throws Exception {
        appendsWait.set(true);
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(post(Events.linkDownLine("eth1")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(appending.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the first request is being stored").isTrue();

        HttpResponse<String> second = send(Events.linkDownLine("eth2"));
        release.countDown();
        HttpResponse<String> firstResponse = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> third = send(Events.linkDownLine("eth3"));

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(second.body()).isEqualTo("{\"status\":\"error\",\"error\":\"too many requests in progress "
                + "(proxy.http-max-requests=1); try again later\",\"retry\":true}");
        assertThat(firstResponse.statusCode()).isEqualTo(201);
        assertThat(third.statusCode()).as("the slot is free again once the first is answered").isEqualTo(201);
        assertThat(Metrics.total(pipeline.managementPort(), "venice_events_proxy_http_refused_total")).isEqualTo(1);
        assertThat(Metrics.total(pipeline.managementPort(), "venice_events_received_total"))
                .as("the refused request's body was never read").isEqualTo(2);
    }

    @Test
    void aFullStoreIs503WithTheRetryReplyAndTheSameBodySentAgainIsTakenOnce() throws Exception {
        String uuid = UUID.randomUUID().toString();
        String line = withUuid(Events.linkDownLine("eth1"), uuid);
        storeFull.set(true);

        HttpResponse<String> refused = send(line);
        HttpResponse<String> again = send(line);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).isEqualTo("{\"status\":\"error\",\"error\":\"event store full: a test says so; "
                + "events not accepted, send them again\",\"retry\":true}");
        assertThat(again.statusCode()).as("the refused copy left its uuid free").isEqualTo(201);
        assertThat(again.body()).isEqualTo("{\"status\":\"ok\",\"uuid\":\"" + uuid + "\"}");
        assertThat(Metrics.total(pipeline.managementPort(), "venice_events_rejected_total{reason=\"store_full\"}"))
                .isEqualTo(1);
    }

    @Test
    void aGracefulStopAnswersTheRequestInProgressAndANewOneIs503() throws Exception {
        appendsWait.set(true);
        CompletableFuture<HttpResponse<String>> inProgress = http.sendAsync(post(Events.linkDownLine("eth1")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(appending.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                pipeline.context().getRouteController().stopRoute("http-ingest");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        org.apache.camel.Consumer consumer = pipeline.context().getRoute("http-ingest").getConsumer();
        Await.until(WAIT, () -> !((org.apache.camel.StatefulService) consumer).isStarted());

        HttpResponse<String> during = send(Events.linkDownLine("eth2"));
        release.countDown();

        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.body()).contains("the HTTP ingest is not running (stopping or stopped)");
        assertThat(inProgress.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(stored.getReceivedCounter()).as("only the request in progress").isEqualTo(1);
    }

    @Test
    void whileTheRouteIsStoppedARequestIs503WithRetryAfter() throws Exception {
        pipeline.context().getRouteController().stopRoute("http-ingest");

        HttpResponse<String> response = send(Events.linkDownLine("eth1"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).isEqualTo("{\"status\":\"error\",\"error\":\"the HTTP ingest is not running "
                + "(stopping or stopped); send again later\",\"retry\":true}");
        assertThat(stored.getReceivedCounter()).isZero();
    }
}
