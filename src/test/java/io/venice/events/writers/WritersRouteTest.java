package io.venice.events.writers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.testing.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.testing.Events;
import io.venice.events.testing.LogCapture;
import io.venice.events.testing.PipelineHarness;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer routes on the real YAML: Venice and syslog endpoints replaced by mocks, the file writer real. */
class WritersRouteTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dataDir;
    PipelineHarness pipeline;
    MockEndpoint venice;
    MockEndpoint syslog;

    void start() throws Exception {
        start(Map.of());
    }

    /** As {@link #start()}, with {@code overrides} set last. */
    void start(Map<String, String> overrides) throws Exception {
        start(overrides, builder -> { });
    }

    /** As {@link #start(Map)}, with {@code more} changing the pipeline before it starts. */
    void start(Map<String, String> overrides, java.util.function.Consumer<PipelineHarness.Builder> more) throws Exception {
        PipelineHarness.Builder builder = PipelineHarness.builder(dataDir)
                .property("writers.venice.enabled", "true")
                .property("writers.venice.batch-size", "10")
                .property("writers.venice.batch-interval", "200ms")
                .property("writers.venice.max-backoff", "100ms")
                .property("writers.syslog.enabled", "true")
                .property("writers.syslog.target", "udp://127.0.0.1:9")
                .advise("writer-venice", a -> a.weaveById("venice-post").replace().to("mock:venice"))
                .advise("writer-syslog", a -> a.weaveById("syslog-send").replace().to("mock:syslog"));
        overrides.forEach(builder::property);
        more.accept(builder);
        pipeline = builder.start();
        venice = pipeline.context().getEndpoint("mock:venice", MockEndpoint.class);
        syslog = pipeline.context().getEndpoint("mock:syslog", MockEndpoint.class);
    }

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** Stores {@code n} different events, as the proxy does, for the writers to pick up. */
    void write(int n) {
        write(n, "eth");
    }

    void write(int n, String portPrefix) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Events.linkDown(portPrefix + i, T0));
        }
        pipeline.producer().requestBody("direct:dispatcher", events);
    }

    List<String> fileLines() throws IOException {
        Path dir = dataDir.resolve("events");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.flatMap(f -> {
                try {
                    return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void postsEventListBatchesOfAtMostTheBatchSizeAsJson() throws Exception {
        start();
        venice.expectedMessageCount(3);
        venice.expectedHeaderReceived("Content-Type", "application/json");

        write(25);

        venice.assertIsSatisfied();
        List<Integer> sizes = venice.getReceivedExchanges().stream()
                .map(e -> EventJson.read(e.getMessage().getBody(String.class), JsonNode.class))
                .peek(batch -> assertThat(batch.get("kind").asText()).isEqualTo("EventList"))
                .map(batch -> batch.get("items").size())
                .toList();
        assertThat(sizes).containsExactly(10, 10, 5);
    }

    @Test
    void sendsEachEventToSyslogFormattedAsUtf8Rfc5424() throws Exception {
        start();
        syslog.expectedMessageCount(3);

        write(3);

        syslog.assertIsSatisfied();
        String message = new String(syslog.getReceivedExchanges().get(0).getMessage().getBody(byte[].class),
                StandardCharsets.UTF_8);
        assertThat(message).startsWith("<12>1 2026-11-27T10:00:00Z leaf1 venice-events - LINK_DOWN [event@32473 uuid=\"")
                .endsWith("] port eth0 down");
    }

    @Test
    void appendsEveryEventToTheDayFileAsOneJsonLine() throws Exception {
        start();

        write(5);

        Await.until(Duration.ofSeconds(10), () -> fileLines().size() >= 5);
        List<String> lines = fileLines();
        assertThat(lines).hasSize(5);
        assertThat(lines).allSatisfy(line -> assertThat(EventJson.read(line, Event.class).type()).isEqualTo("LINK_DOWN"));
    }

    @Test
    void keepsWritingToSyslogAndFileWhileVeniceFailsAndDeliversToVeniceOnceItRecovers() throws Exception {
        start();
        AtomicBoolean veniceDown = new AtomicBoolean(true);
        List<Integer> delivered = Collections.synchronizedList(new ArrayList<>());
        venice.whenAnyExchangeReceived(e -> {
            if (veniceDown.get()) {
                throw new IOException("Venice is down");
            }
            delivered.add(EventJson.read(e.getMessage().getBody(String.class), JsonNode.class).get("items").size());
        });
        venice.expectedMinimumMessageCount(2);
        syslog.expectedMessageCount(25);

        write(25);

        syslog.assertIsSatisfied();
        Await.until(Duration.ofSeconds(10), () -> fileLines().size() == 25);
        venice.assertIsSatisfied(); // the first batch failed and was retried at least once
        assertThat(delivered).isEmpty();

        veniceDown.set(false);

        Await.until(Duration.ofSeconds(10), () -> delivered.stream().mapToInt(Integer::intValue).sum() == 25);
    }

    @Test
    void keepsABatchVeniceRefusesForGoodInTheDeadLetterFolderWithoutRetrying() throws Exception {
        start();
        venice.whenAnyExchangeReceived(e -> {
            throw new HttpOperationFailedException("http://venice/events", 400, "Bad Request", null, Map.of(),
                    "{\"error\":\"bad batch\"}");
        });
        venice.expectedMessageCount(1);

        write(3);

        venice.assertIsSatisfied();
        Path deadLetters = dataDir.resolve("dead-letter/venice");
        Await.until(Duration.ofSeconds(10), () -> Files.isDirectory(deadLetters) && Files.list(deadLetters).count() == 1);
        JsonNode letter;
        try (Stream<Path> files = Files.list(deadLetters)) {
            letter = EventJson.read(Files.readString(files.findFirst().orElseThrow()), JsonNode.class);
        }
        assertThat(letter.get("status").asInt()).isEqualTo(400);
        assertThat(letter.get("response").asText()).isEqualTo("{\"error\":\"bad batch\"}");
        assertThat(letter.get("batch").get("items")).hasSize(3);
        Await.until(Duration.ofSeconds(10), () -> counter(WriterMonitor.DEAD_LETTERED, "venice") == 3);
        assertThat(counter(WriterMonitor.RETRIED, "venice")).as("a refusal is not retried").isZero();
    }

    @Test
    void keepsAnEventTheSyslogFormatterCannotRenderAsADeadLetterAndSendsTheRest() throws Exception {
        SyslogFormatter rfc5424 = new Rfc5424Formatter(SyslogFacility.parse("user"), "venice-events", 32473,
                java.time.Clock.systemUTC());
        SyslogFormatter poisoned = event -> {
            if (event.message().contains("poison")) {
                throw new IllegalArgumentException("no format for this one");
            }
            return rfc5424.format(event);
        };
        start(Map.of(), b -> b.advise("writer-syslog", a -> a.weaveById("syslog-frames").replace()
                .bean(new SyslogFrames(poisoned, false), "frames")));
        syslog.expectedMessageCount(2);

        try (LogCapture log = LogCapture.start()) {
            pipeline.producer().requestBody("direct:dispatcher",
                    List.of(Events.linkDown("eth0", T0), Events.linkDown("poison", T0), Events.linkDown("eth2", T0)));

            syslog.assertIsSatisfied();
            Path deadLetters = dataDir.resolve("dead-letter/syslog");
            Await.until(Duration.ofSeconds(10), () -> counter(WriterMonitor.DEAD_LETTERED, "syslog") == 1);
            JsonNode letter;
            try (Stream<Path> files = Files.list(deadLetters)) {
                letter = EventJson.read(Files.readString(files.collect(onlyOne())), JsonNode.class);
            }
            assertThat(letter.get("writer").asText()).isEqualTo("syslog");
            assertThat(letter.get("response").asText())
                    .isEqualTo("cannot format: java.lang.IllegalArgumentException: no format for this one");
            assertThat(letter.get("batch").get("items")).singleElement()
                    .satisfies(item -> assertThat(item.get("message").asText()).isEqualTo("port poison down"));
            assertThat(log.lines()).filteredOn(line -> line.startsWith("ERROR")).singleElement().asString()
                    .contains("the syslog writer cannot format 1 of a batch of ")
                    .contains("java.lang.IllegalArgumentException: no format for this one")
                    .contains("keeps these in " + deadLetters);
        }
        assertThat(counter(WriterMonitor.DELIVERED, "syslog")).isEqualTo(2);
        assertThat(counter(WriterMonitor.RETRIED, "syslog")).as("a poison event is not retried").isZero();
        assertThat(syslog.getReceivedExchanges()).extracting(e -> e.getMessage().getBody(String.class))
                .allSatisfy(message -> assertThat(message).doesNotContain("poison"));
    }

    static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
        return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    double counter(String name, String writer) {
        MeterRegistry meters = pipeline.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return meters.get(name).tag("writer", writer).counter().count();
    }

    @Test
    void countsDeliveriesAndRetriesPerWriter() throws Exception {
        start();
        AtomicBoolean veniceDown = new AtomicBoolean(true);
        venice.whenAnyExchangeReceived(e -> {
            if (veniceDown.getAndSet(false)) {
                throw new IOException("Venice is down");
            }
        });
        venice.expectedMessageCount(2); // the failed attempt and the retry that succeeded
        syslog.expectedMessageCount(3);

        write(3);

        venice.assertIsSatisfied();
        syslog.assertIsSatisfied();
        Await.until(Duration.ofSeconds(10), () -> counter(WriterMonitor.DELIVERED, "venice") == 3
                && counter(WriterMonitor.DELIVERED, "syslog") == 3 && counter(WriterMonitor.DELIVERED, "file") == 3);
        assertThat(counter(WriterMonitor.RETRIED, "venice")).isEqualTo(1);
        assertThat(counter(WriterMonitor.RETRIED, "syslog")).isZero();
        assertThat(counter(WriterMonitor.DROPPED, "venice")).isZero();
    }

    @Test
    void aWriterStuckOnItsDestinationHoldsUpNeitherTheOtherWritersNorTheDispatcher() throws Exception {
        start();
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        syslog.whenAnyExchangeReceived(e -> {
            sending.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue(); // a syslog collector that does not answer
        });
        syslog.expectedMessageCount(21);

        write(1, "first");
        assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue(); // the syslog writer is stuck on the first
        write(20);

        Await.until(Duration.ofSeconds(10), () -> fileLines().size() == 21);
        Await.until(Duration.ofSeconds(10), () -> counter(WriterMonitor.DELIVERED, "venice") == 21);
        release.countDown();
        syslog.assertIsSatisfied();
        assertThat(counter(WriterMonitor.DROPPED, "syslog")).as("nothing dropped: it waited in the store").isZero();
    }

    @Test
    void deliversTheHeldCountOfARepeatedEventWhenThePipelineStops() throws Exception {
        start(Map.of("dispatcher.flush-interval", "1h"));
        venice.expectedMessageCount(1);
        List<Event> occurrences = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            occurrences.add(Events.linkDown("eth1", T0));
        }
        pipeline.producer().requestBody("direct:dispatcher", occurrences);
        venice.assertIsSatisfied();
        List<Integer> counts = Collections.synchronizedList(new ArrayList<>());
        venice.whenAnyExchangeReceived(e -> EventJson.read(e.getMessage().getBody(String.class), JsonNode.class)
                .get("items").forEach(item -> counts.add(item.path("count").asInt(1))));

        pipeline.stop();

        assertThat(counts).as("the count held for the next flush, sent before the stop").containsExactly(100);
    }
}
