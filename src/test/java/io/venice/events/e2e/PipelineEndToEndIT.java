package io.venice.events.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.events.testing.Await;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.VeniceHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner as a child process, driven through its real interfaces: events in over TCP, out to
 * the events file and to a real HTTP peer standing in for Venice. The runner uses the configuration and
 * routes embedded in the jar (its working directory is an empty temporary folder), with short intervals
 * set by {@code -D} properties.
 * <p>
 * Tests that only need a pipeline in its steady state share one runner (started on first use, see
 * {@link #sharedPipeline()}); each uses messages of its own so dedup never joins events of two tests.
 * Tests that need a particular Venice or stop the runner start their own.
 */
class PipelineEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime());

    // The shared runner: batch-size 10, batch-interval 200ms, flush-interval 300ms, a known node name.
    private static final String SHARED_NODE_NAME = "e2e-node";
    private static VeniceHttpServer sharedVenice;
    private static RunnerProcess sharedRunner;
    private static RuntimeException sharedStartFailure;

    @TempDir
    static Path sharedWorkDir;

    @TempDir
    Path workDir;

    private static synchronized RunnerProcess sharedPipeline() {
        if (sharedStartFailure != null) {
            throw new IllegalStateException("the shared runner did not start (see the first failing test)", sharedStartFailure);
        }
        if (sharedRunner == null) {
            sharedVenice = VeniceHttpServer.start();
            try {
                sharedRunner = RunnerProcess.builder(sharedWorkDir)
                        .name("shared-pipeline")
                        // as if started under LANG=C: nothing may depend on the platform's default charset
                        .property("file.encoding", "US-ASCII")
                        .property("events.node-name", SHARED_NODE_NAME)
                        .property("dispatcher.flush-interval", "300ms")
                        .property("writers.venice.enabled", "true")
                        .property("writers.venice.url", sharedVenice.url())
                        .property("writers.venice.batch-size", "10")
                        .property("writers.venice.batch-interval", "200ms")
                        .start()
                        .awaitReady(STARTUP);
            } catch (RuntimeException e) {
                sharedStartFailure = e;
                throw e;
            }
        }
        return sharedRunner;
    }

    @AfterAll
    static void stopSharedPipeline() {
        if (sharedRunner != null) {
            sharedRunner.close();
        }
        if (sharedVenice != null) {
            sharedVenice.close();
        }
    }

    // --- Intake and the file writer --------------------------------------------------------------------

    @Test
    void anEventSentOverTcpIsAnsweredWithAUuidAndWrittenToTheEventsFileWithDefaultsFilled() {
        RunnerProcess runner = sharedPipeline();
        String message = unique("port eth1 down");
        LocalDate dayBefore = LocalDate.now();
        Instant before = Instant.now();

        String reply;
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            reply = client.send(event("LINK_DOWN", "warn", message, "leaf1"));
        }
        Instant after = Instant.now();

        JsonNode answer = parse(reply);
        assertThat(answer.path("status").asText()).as(reply).isEqualTo("ok");
        String uuid = answer.path("uuid").asText();
        assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        JsonNode written = awaitWritten(runner, uuid, 1);
        assertThat(written.path("kind").asText()).isEqualTo("Event");
        assertThat(written.path("count").asInt()).isEqualTo(1);
        assertThat(written.path("category").asText()).as("category of LINK_DOWN in the catalog").isEqualTo("network");
        assertThat(written.path("type").asText()).isEqualTo("LINK_DOWN");
        assertThat(written.path("severity").asText()).isEqualTo("warn");
        assertThat(written.path("message").asText()).isEqualTo(message);
        assertThat(written.path("source").path("component").asText()).isEqualTo("linkmgr");
        assertThat(written.path("source").path("node-name").asText()).as("the sender's node name is kept").isEqualTo("leaf1");
        assertThat(written.path("object-ref").path("kind").asText()).isEqualTo("Port");
        assertThat(written.path("object-ref").path("name").asText()).isEqualTo("eth1");

        JsonNode meta = written.path("meta");
        assertThat(meta.path("uuid").asText()).isEqualTo(uuid);
        assertThat(meta.path("name").asText()).isEqualTo(uuid);
        assertThat(meta.path("self-link").asText()).isEqualTo("/events/v1/events/" + uuid);
        Instant created = Instant.parse(meta.path("creation-time").asText());
        assertThat(created).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        assertThat(meta.path("mod-time").asText()).isEqualTo(meta.path("creation-time").asText());

        LocalDate dayAfter = LocalDate.now();
        assertThat(runner.eventFiles()).extracting(p -> p.getFileName().toString())
                .containsAnyOf("events-" + dayBefore + ".jsonl", "events-" + dayAfter + ".jsonl")
                .allMatch(name -> name.matches("events-\\d{4}-\\d{2}-\\d{2}\\.jsonl"));
    }

    @Test
    void anEventWithoutANodeNameGetsTheRunnersNodeName() {
        RunnerProcess runner = sharedPipeline();
        ObjectNode event = eventNode("SERVICE_RESTARTED", "warn", unique("ntpd restarted"), null);

        String uuid;
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            uuid = okUuid(client.send(event.toString()));
        }

        JsonNode written = awaitWritten(runner, uuid, 1);
        assertThat(written.path("source").path("node-name").asText()).isEqualTo(SHARED_NODE_NAME);
        assertThat(written.path("category").asText()).isEqualTo("system");
    }

    @Test
    void nonAsciiTextReachesTheFileAndVeniceUnchangedAsUtf8() {
        RunnerProcess runner = sharedPipeline();
        String message = unique("Lüfter 3 ausgefallen ✗ ファン故障 \uD83D\uDD25");

        String uuid;
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            uuid = okUuid(client.send(event("FAN_FAILED", "critical", message, "nœud-1")));
        }

        JsonNode written = awaitWritten(runner, uuid, 1);
        assertThat(written.path("message").asText()).isEqualTo(message);
        assertThat(written.path("source").path("node-name").asText()).isEqualTo("nœud-1");
        Await.until(DELIVERY, () -> !sharedVenice.acceptedEventsWithUuid(uuid).isEmpty(),
                () -> "the event in Venice\n" + sharedVenice.describeRequests());
        assertThat(sharedVenice.acceptedEventsWithUuid(uuid).get(0).path("message").asText()).isEqualTo(message);
    }

    @Test
    void anEventListLineIsAnsweredWithTheNumberAcceptedAndTheItemsRejected() {
        RunnerProcess runner = sharedPipeline();
        String good1 = unique("list item one");
        String good2 = unique("list item two");
        String list = "{\"kind\":\"EventList\",\"items\":["
                + event("LINK_UP", "info", good1, "leaf2") + ","
                + event("NO_SUCH_TYPE", "info", unique("unknown type"), "leaf2") + ","
                + event("LINK_UP", "info", good2, "leaf2") + "]}";

        JsonNode allGood;
        JsonNode mixed;
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            allGood = parse(client.send("{\"kind\":\"EventList\",\"items\":["
                    + event("LINK_UP", "info", unique("list item three"), "leaf2") + "]}"));
            mixed = parse(client.send(list));
        }

        assertThat(allGood.path("status").asText()).isEqualTo("ok");
        assertThat(allGood.path("accepted").asInt()).isEqualTo(1);
        assertThat(allGood.path("rejected").isArray()).isTrue();
        assertThat(allGood.path("rejected")).isEmpty();

        assertThat(mixed.path("status").asText()).as(mixed.toString()).isEqualTo("error");
        assertThat(mixed.path("accepted").asInt()).isEqualTo(2);
        assertThat(mixed.path("rejected")).hasSize(1);
        assertThat(mixed.path("rejected").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(mixed.path("rejected").get(0).path("error").asText()).contains("NO_SUCH_TYPE");

        Await.until(DELIVERY, () -> messagesWritten(runner).containsAll(List.of(good1, good2)),
                () -> "the accepted items of the list in the events file\n" + runner.describe());
    }

    // --- The Venice writer -----------------------------------------------------------------------------

    @Test
    void eventsReachVeniceAsEventListBatchesNoLargerThanTheBatchSize() {
        RunnerProcess runner = sharedPipeline();
        String prefix = unique("batch");
        List<String> lines = IntStream.range(0, 25)
                .mapToObj(i -> event("CPU_THRESHOLD_EXCEEDED", "warn", prefix + " #" + i, "leaf3"))
                .toList();

        List<String> replies;
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            replies = client.sendAll(lines);
        }
        Set<String> uuids = replies.stream().map(PipelineEndToEndIT::okUuid).collect(Collectors.toSet());
        assertThat(uuids).hasSize(25);

        Await.until(DELIVERY, () -> veniceItemsWithPrefix(sharedVenice, prefix).size() >= 25,
                () -> "25 events in Venice, got " + veniceItemsWithPrefix(sharedVenice, prefix).size() + "\n"
                        + sharedVenice.describeRequests());

        List<JsonNode> delivered = veniceItemsWithPrefix(sharedVenice, prefix);
        assertThat(delivered).as("each event exactly once").hasSize(25);
        assertThat(delivered).extracting(e -> e.path("meta").path("uuid").asText())
                .containsExactlyInAnyOrderElementsOf(uuids);
        assertThat(delivered).allSatisfy(e -> {
            assertThat(e.path("kind").asText()).isEqualTo("Event");
            assertThat(e.path("count").asInt()).isEqualTo(1);
            assertThat(e.path("category").asText()).isEqualTo("resource");
        });

        List<VeniceHttpServer.Request> ourBatches = sharedVenice.requests().stream()
                .filter(r -> r.items().stream().anyMatch(i -> i.path("message").asText().startsWith(prefix)))
                .toList();
        assertThat(ourBatches).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sharedVenice.requests()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo(VeniceHttpServer.EVENTS_PATH);
            assertThat(mediaType(r.contentType())).as("Content-Type " + r.contentType()).isEqualTo("application/json");
            assertThat(r.body()).as("body parses as JSON: " + r.rawBody()).isNotNull();
            assertThat(r.body().path("kind").asText()).isEqualTo("EventList");
            assertThat(r.items()).as("batch size").isNotEmpty().hasSizeLessThanOrEqualTo(10);
        });
    }

    @Test
    void fiftyRepeatsWithinTheDedupIntervalReachVeniceAsTheFirstOccurrenceAndThenItsUuidWithCount50() {
        RunnerProcess runner = sharedPipeline();
        String message = unique("bgp peer 10.0.0.1 down");
        String line = event("BGP_SESSION_DOWN", "critical", message, "spine1");

        List<String> replies;
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            replies = client.sendAll(java.util.Collections.nCopies(50, line));
        }
        replies.forEach(PipelineEndToEndIT::okUuid);
        String uuid = okUuid(replies.get(0));

        Await.until(DELIVERY, () -> sharedVenice.acceptedEventsWithUuid(uuid).stream()
                        .anyMatch(e -> e.path("count").asInt() == 50),
                () -> "an update with count 50 for " + uuid + "; got counts "
                        + counts(sharedVenice.acceptedEventsWithUuid(uuid)) + "\n" + runner.describe());

        List<JsonNode> forUuid = sharedVenice.acceptedEventsWithUuid(uuid);
        List<Integer> counts = counts(forUuid);
        assertThat(counts.get(0)).as("the first occurrence goes out at once, with count 1").isEqualTo(1);
        assertThat(counts).as("count 1 is sent once").containsOnlyOnce(1);
        assertThat(counts).as("counts only rise").isSorted();
        assertThat(counts.stream().mapToInt(Integer::intValue).max().orElse(0)).isEqualTo(50);
        assertThat(forUuid).allSatisfy(e -> {
            assertThat(e.path("message").asText()).isEqualTo(message);
            assertThat(e.path("meta").path("creation-time")).isEqualTo(forUuid.get(0).path("meta").path("creation-time"));
            assertThat(e.path("meta").path("self-link").asText()).isEqualTo("/events/v1/events/" + uuid);
        });
        assertThat(veniceItemsWithPrefix(sharedVenice, message))
                .as("no repeat reaches Venice under a uuid of its own")
                .allSatisfy(e -> assertThat(e.path("meta").path("uuid").asText()).isEqualTo(uuid));

        Await.until(DELIVERY, () -> runner.writtenEvents().stream()
                        .anyMatch(e -> uuid.equals(uuidOf(e)) && e.path("count").asInt() == 50),
                () -> "the file writer gets the update with count 50 too");
    }

    @Test
    void eventsStillAllReachVeniceAfterItAnswered500ThreeTimesAndTheFileWriterDoesNotWaitForIt() {
        try (VeniceHttpServer venice = VeniceHttpServer.start().failNext(3, 500);
             RunnerProcess runner = RunnerProcess.builder(workDir)
                     .name("venice-retries")
                     .property("writers.venice.enabled", "true")
                     .property("writers.venice.url", venice.url())
                     .property("writers.venice.batch-interval", "200ms")
                     .start()
                     .awaitReady(STARTUP)) {
            String prefix = unique("disk almost full");
            List<String> lines = IntStream.range(0, 5)
                    .mapToObj(i -> event("DISK_THRESHOLD_EXCEEDED", "warn", prefix + " /var" + i, "leaf4"))
                    .toList();
            Set<String> uuids;
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                uuids = client.sendAll(lines).stream().map(PipelineEndToEndIT::okUuid).collect(Collectors.toSet());
            }

            Await.until(DELIVERY, () -> writtenUuids(runner).containsAll(uuids),
                    () -> "all 5 events in the events file\n" + runner.describe());
            int veniceTookWhenFileWasComplete = venice.acceptedEvents().size();

            venice.awaitEvents(5, Duration.ofSeconds(30));

            assertThat(veniceTookWhenFileWasComplete)
                    .as("the file writer had every event while Venice was still failing").isZero();
            List<VeniceHttpServer.Request> requests = venice.requests();
            assertThat(requests).as(venice.describeRequests()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(requests.subList(0, 3)).allSatisfy(r -> assertThat(r.status()).isEqualTo(500));
            assertThat(venice.acceptedEvents()).as("every event accepted exactly once")
                    .extracting(PipelineEndToEndIT::uuidOf).containsExactlyInAnyOrderElementsOf(uuids);
            Set<String> retried = new HashSet<>();
            requests.subList(0, 3).forEach(r -> r.items().forEach(i -> retried.add(uuidOf(i))));
            assertThat(uuids).as("the failed batches were sent again").containsAll(retried);
            assertThat(retried).isNotEmpty();
        }
    }

    // --- Stopping --------------------------------------------------------------------------------------

    @Test
    void aGracefulStopFlushesPendingCountsToVeniceAndTheFileBeforeTheProcessExits() {
        try (VeniceHttpServer venice = VeniceHttpServer.start();
             RunnerProcess runner = RunnerProcess.builder(workDir)
                     .name("graceful-stop")
                     .property("dispatcher.flush-interval", "1h")
                     .property("writers.venice.enabled", "true")
                     .property("writers.venice.url", venice.url())
                     .property("writers.venice.batch-interval", "200ms")
                     .start()
                     .awaitReady(STARTUP)) {
            String line = event("FAN_FAILED", "critical", unique("fan 3 stopped"), "leaf5");
            String uuid;
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                List<String> replies = client.sendAll(java.util.Collections.nCopies(10, line));
                replies.forEach(PipelineEndToEndIT::okUuid);
                uuid = okUuid(replies.get(0));
            }
            Await.until(DELIVERY, () -> !venice.acceptedEventsWithUuid(uuid).isEmpty()
                            && runner.writtenEvents().stream().anyMatch(e -> uuid.equals(uuidOf(e))),
                    () -> "the first occurrence in Venice and in the file\n" + runner.describe());
            assertThat(counts(venice.acceptedEventsWithUuid(uuid))).as("no flush before the stop (1h interval)")
                    .containsExactly(1);

            int exitCode = runner.stop();

            // The JVM ends with 128 + SIGTERM(15) when a signal starts its shutdown, even though Camel Main's
            // shutdown hook stops the context gracefully first: that is what systemd etc. will see.
            assertThat(exitCode).as("exit code after SIGTERM\n" + runner.logTail(40)).isEqualTo(143);
            assertThat(counts(venice.acceptedEventsWithUuid(uuid))).as("Venice got the count of 10 before the exit")
                    .containsExactly(1, 10);
            assertThat(runner.writtenEvents()).filteredOn(e -> uuid.equals(uuidOf(e)))
                    .as("the file got the count of 10 before the exit")
                    .extracting(e -> e.path("count").asInt()).containsExactly(1, 10);
            assertThat(runner.log()).contains("shutdown");
        }
    }

    @Test
    void aStopWhileVeniceIsDownEndsWithinTheShutdownTimeoutAndTheFileStillHasTheEvent() {
        try (VeniceHttpServer venice = VeniceHttpServer.start().failNext(Integer.MAX_VALUE, 503);
             RunnerProcess runner = RunnerProcess.builder(workDir)
                     .name("stop-venice-down")
                     .property("camel.main.shutdown-timeout", "3")
                     .property("writers.venice.enabled", "true")
                     .property("writers.venice.url", venice.url())
                     .property("writers.venice.batch-interval", "200ms")
                     .start()
                     .awaitReady(STARTUP)) {
            String uuid;
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                uuid = okUuid(client.send(event("NODE_DISCONNECTED", "critical", unique("leaf7 unreachable"), "leaf7")));
            }
            awaitWritten(runner, uuid, 1);
            Await.until(DELIVERY, () -> venice.requests().size() >= 2,
                    () -> "the Venice writer retrying\n" + venice.describeRequests());

            long started = System.nanoTime();
            int exitCode = runner.stop(Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).as("a writer retrying forever must not hold the stop past camel.main.shutdown-timeout=3s")
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(exitCode).isEqualTo(143);
            assertThat(venice.acceptedEvents()).isEmpty();
            assertThat(writtenUuids(runner)).contains(uuid);
        }
    }

    /*
     * A stop right after start-up, while events are still inside the dispatcher, must still flush every
     * aggregator (file and Venice batches, pending counts). It once lost them: the writers' error handlers were
     * told not to redeliver while stopping, and refused even the first attempt of the shutdown-time flush.
     */
    @Test
    void eventsAcceptedJustBeforeAStopStillReachTheFileAndVeniceEvenRightAfterStartUp() {
        try (VeniceHttpServer venice = VeniceHttpServer.start();
             RunnerProcess runner = RunnerProcess.builder(workDir)
                     .name("stop-in-flight")
                     .property("dispatcher.flush-interval", "1h")
                     .property("writers.venice.enabled", "true")
                     .property("writers.venice.url", venice.url())
                     .property("writers.venice.batch-interval", "200ms")
                     .start()
                     .awaitReady(STARTUP)) {
            String line = event("POWER_SUPPLY_FAILED", "critical", unique("psu 2 lost input"), "leaf8");
            String uuid;
            try (ProxyClient client = ProxyClient.connect(runner.port())) {
                List<String> replies = client.sendAll(java.util.Collections.nCopies(10, line));
                replies.forEach(PipelineEndToEndIT::okUuid);
                uuid = okUuid(replies.get(0));
            }

            int exitCode = runner.stop();

            assertThat(exitCode).isEqualTo(143);
            assertThat(runner.writtenEvents()).filteredOn(e -> uuid.equals(uuidOf(e)))
                    .as("every accepted event in the file after the stop\n" + runner.logTail(40))
                    .extracting(e -> e.path("count").asInt()).containsExactly(1, 10);
            assertThat(counts(venice.acceptedEventsWithUuid(uuid))).containsExactly(1, 10);
            assertThat(runner.log()).doesNotContain("RejectedExecutionException");
        }
    }

    // --- Bad input -------------------------------------------------------------------------------------

    @Test
    void binaryGarbageIsAnsweredWithAnErrorAndNeitherThatConnectionNorOthersBreak() {
        RunnerProcess runner = sharedPipeline();
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n' || garbage[i] == '\r') {
                garbage[i] = 0; // one line: exactly one reply expected
            }
        }
        garbage[0] = (byte) 0xff; // not a '{' or whitespace

        try (ProxyClient good = ProxyClient.connect(runner.port());
             ProxyClient bad = ProxyClient.connect(runner.port())) {
            assertOk(good.send(goodEvent()));
            bad.sendRaw(concat(garbage, "\n".getBytes(StandardCharsets.UTF_8)));
            assertError(bad.readReply(), "malformed JSON");
            assertOk(good.send(goodEvent()));
            assertOk(bad.send(goodEvent()));
        }
    }

    @Test
    void aLineOf100KbIsAnsweredWithAnErrorAndTheConnectionStaysOpen() {
        RunnerProcess runner = sharedPipeline();
        String huge = event("LINK_DOWN", "warn", "x".repeat(100 * 1024), "leaf6");
        assertThat(huge.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(100 * 1024);

        try (ProxyClient good = ProxyClient.connect(runner.port());
             ProxyClient bad = ProxyClient.connect(runner.port())) {
            assertOk(good.send(goodEvent()));
            assertError(bad.send(huge), "proxy.max-line-bytes");
            assertOk(good.send(goodEvent()));
            String reply = bad.send(goodEvent());
            assertOk(reply);
            assertThat(bad.pollReply(Duration.ofMillis(300))).as("no further reply for the long line").isEmpty();
        }
    }

    @Test
    void emptyLinesAreEachAnsweredWithAnError() {
        RunnerProcess runner = sharedPipeline();
        try (ProxyClient good = ProxyClient.connect(runner.port());
             ProxyClient bad = ProxyClient.connect(runner.port())) {
            assertOk(good.send(goodEvent()));
            List<String> replies = bad.sendAll(List.of("", "   ", "\t", ""));
            assertThat(replies).hasSize(4).allSatisfy(r -> assertError(r, "empty line"));
            bad.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
            assertError(bad.readReply(), "empty line");
            assertOk(good.send(goodEvent()));
            assertOk(bad.send(goodEvent()));
        }
    }

    @Test
    void malformedJsonIsAnsweredWithAnErrorSayingWhatIsWrong() {
        RunnerProcess runner = sharedPipeline();
        try (ProxyClient good = ProxyClient.connect(runner.port());
             ProxyClient bad = ProxyClient.connect(runner.port())) {
            assertOk(good.send(goodEvent()));
            assertError(bad.send("{\"type\":\"LINK_DOWN\",\"severity\":"), "malformed JSON");
            assertError(bad.send("{type: LINK_DOWN}"), "malformed JSON");
            assertError(bad.send("not json at all"), "malformed JSON");
            assertError(bad.send("[1,2,3]"), "expected a JSON object");
            assertError(bad.send("\"LINK_DOWN\""), "expected a JSON object");
            assertError(bad.send("{\"severity\":\"warn\",\"source\":{\"component\":\"c\"}}"), "type");
            assertError(bad.send(event("LINK_DOWN", "loud", "m", "n")), "severity");
            assertError(bad.send(event("NO_SUCH_TYPE", "warn", "m", "n")), "catalog");
            assertError(bad.send("{\"kind\":\"EventList\",\"items\":5}"), "items");
            assertOk(good.send(goodEvent()));
            assertOk(bad.send(goodEvent()));
        }
    }

    @Test
    void aSilentClientGetsNoReplyAndHoldsUpNoOtherClient() {
        RunnerProcess runner = sharedPipeline();
        try (ProxyClient silent = ProxyClient.connect(runner.port());
             ProxyClient half = ProxyClient.connect(runner.port());
             ProxyClient good = ProxyClient.connect(runner.port())) {
            half.sendRaw("{\"type\":\"LINK_DOWN\",".getBytes(StandardCharsets.UTF_8)); // a line never finished
            for (int i = 0; i < 5; i++) {
                assertOk(good.send(goodEvent()));
            }
            assertThat(silent.pollReply(Duration.ofMillis(500))).as("the silent client is sent nothing").isEmpty();
            assertThat(half.pollReply(Duration.ofMillis(100))).as("nor is a client in the middle of a line").isEmpty();
        }
        try (ProxyClient after = ProxyClient.connect(runner.port())) {
            assertOk(after.send(goodEvent()));
        }
    }

    // --- Helpers ---------------------------------------------------------------------------------------

    private static String unique(String text) {
        return text + " [" + UNIQUE.incrementAndGet() + "]";
    }

    private static ObjectNode eventNode(String type, String severity, String message, String nodeName) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", type).put("severity", severity).put("message", message);
        ObjectNode source = event.putObject("source").put("component", "linkmgr");
        if (nodeName != null) {
            source.put("node-name", nodeName);
        }
        event.putObject("object-ref").put("kind", "Port").put("name", "eth1");
        return event;
    }

    private static String event(String type, String severity, String message, String nodeName) {
        return eventNode(type, severity, message, nodeName).toString();
    }

    /** A valid event unlike any other (so never a repeat). */
    private static String goodEvent() {
        return event("LINK_UP", "info", unique("port eth9 up"), "leaf9");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String okUuid(String reply) {
        JsonNode answer = parse(reply);
        assertThat(answer.path("status").asText()).as(reply).isEqualTo("ok");
        assertThat(answer.path("uuid").asText()).as(reply).isNotBlank();
        return answer.path("uuid").asText();
    }

    private static void assertOk(String reply) {
        okUuid(reply);
    }

    private static void assertError(String reply, String mentioning) {
        JsonNode answer = parse(reply);
        assertThat(answer.path("status").asText()).as(reply).isEqualTo("error");
        assertThat(answer.path("error").asText()).as(reply).contains(mentioning);
    }

    private static String uuidOf(JsonNode event) {
        return event.path("meta").path("uuid").asText();
    }

    private static List<Integer> counts(List<JsonNode> events) {
        return events.stream().map(e -> e.path("count").asInt()).toList();
    }

    private static String mediaType(String contentType) {
        return contentType == null ? null : contentType.split(";")[0].trim().toLowerCase();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static JsonNode awaitWritten(RunnerProcess runner, String uuid, int count) {
        List<JsonNode> found = new ArrayList<>();
        Await.until(DELIVERY, () -> {
            found.clear();
            runner.writtenEvents().stream()
                    .filter(e -> uuid.equals(uuidOf(e)) && e.path("count").asInt() == count)
                    .forEach(found::add);
            return !found.isEmpty();
        }, () -> "event " + uuid + " with count " + count + " in " + runner.dataDir().resolve("events") + "\n"
                + runner.describe());
        return found.get(0);
    }

    private static Set<String> writtenUuids(RunnerProcess runner) {
        return runner.writtenEvents().stream().map(PipelineEndToEndIT::uuidOf).collect(Collectors.toSet());
    }

    private static Set<String> messagesWritten(RunnerProcess runner) {
        return runner.writtenEvents().stream().map(e -> e.path("message").asText()).collect(Collectors.toSet());
    }

    private static List<JsonNode> veniceItemsWithPrefix(VeniceHttpServer venice, String prefix) {
        return venice.acceptedEvents().stream().filter(e -> e.path("message").asText().startsWith(prefix)).toList();
    }
}
