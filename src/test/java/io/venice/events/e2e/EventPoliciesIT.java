package io.venice.events.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.events.testing.Await;
import io.venice.events.testing.DeliveryLedger;
import io.venice.events.testing.DeliveryLedger.Delivery;
import io.venice.events.testing.Metrics;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.ReceivedSyslog;
import io.venice.events.testing.RsyslogServer;
import io.venice.events.testing.RsyslogServer.Transport;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.SteadySender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event policies and maintenance mode through the management API of the packaged runner, delivering to real
 * rsyslogd collectors: policies created, updated and deleted while events flow (each target's delivery checked
 * against what the proxy acknowledged), kept across a restart, bad requests refused with every problem listed,
 * filters honoured, and maintenance mode dropping the flagged types at intake.
 */
class EventPoliciesIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration SENDING = Duration.ofSeconds(60);
    static final Duration DELIVERY = Duration.ofSeconds(30);
    static final String TOKEN = "it-token-7f3a";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;

    final DeliveryLedger ledger = new DeliveryLedger();
    int proxyPort;
    int managementPort;

    @BeforeAll
    static void requireRsyslog() {
        RsyslogServer.requireOrSkip();
    }

    @BeforeEach
    void choosePorts() {
        proxyPort = RunnerProcess.freePort();
        managementPort = RunnerProcess.freePort();
    }

    RunnerProcess startRunner(String name) {
        return RunnerProcess.builder(workDir)
                .name(name)
                .property("proxy.port", proxyPort)
                .property("management.port", managementPort)
                .property("dispatcher.flush-interval", "200ms")
                .property("writers.syslog.max-backoff", "200ms")
                .property("writers.syslog.confirm-after", "1s")
                .env("MANAGEMENT_AUTH_TOKEN", TOKEN)
                .start()
                .awaitReady(STARTUP);
    }

    record Answer(int status, JsonNode body) {
    }

    Answer call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    /** The API answers once the runner has started its policies. */
    void awaitApi() {
        Await.until(STARTUP, () -> {
            try {
                return call("GET", "/api/v1/event-policies", null, null).status() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    static String policy(String name, String prefix, String format, RsyslogServer collector, String filters) {
        return "{\"name\":\"" + name + "\",\"format\":\"" + format + "\",\"prefix\":\"" + prefix + "\",\"targets\":[{"
                + "\"destination\":\"127.0.0.1:" + collector.address().getPort() + "\",\"transport\":\""
                + collector.transport().name().toLowerCase() + "\"}]" + (filters == null ? "" : ",\"filters\":" + filters)
                + "}";
    }

    static String reader(String policy, RsyslogServer collector) {
        return "policy." + policy + "." + collector.transport().name().toLowerCase() + ".127.0.0.1."
                + collector.address().getPort();
    }

    static Supplier<List<Delivery>> syslog(RsyslogServer rsyslog) {
        return () -> rsyslog.messages().stream().map(Delivery::of).toList();
    }

    SteadySender.Builder sender(String label) {
        return SteadySender.to(proxyPort, ledger).label(label).giveUpAfter(SENDING);
    }

    @Test
    void policiesCreatedUpdatedAndDeletedUnderLoadDeliverPerTargetAndSurviveARestart() throws Exception {
        try (RsyslogServer alphaCollector = RsyslogServer.start(workDir.resolve("rsyslog-alpha"), Transport.TCP);
                RsyslogServer betaCollector = RsyslogServer.start(workDir.resolve("rsyslog-beta"), Transport.TCP)) {
            Path alphaOffset;
            Path betaOffset;
            try (RunnerProcess runner = startRunner("policies")) {
                awaitApi();
                assertThat(call("POST", "/api/v1/event-policies", TOKEN,
                        policy("alpha", "alpha-v1", "rfc5424", alphaCollector, null)).status()).isEqualTo(201);
                assertThat(call("POST", "/api/v1/event-policies", TOKEN,
                        policy("beta", "beta", "rfc5424", betaCollector, null)).status()).isEqualTo(201);
                alphaOffset = runner.dataDir().resolve("store/offsets/" + reader("alpha", alphaCollector) + ".offset");
                betaOffset = runner.dataDir().resolve("store/offsets/" + reader("beta", betaCollector) + ".offset");
                assertThat(alphaOffset).exists();
                assertThat(betaOffset).exists();

                try (SteadySender sender = sender("policies").events(3000).start()) {
                    sender.awaitAcknowledged(800, SENDING);
                    Answer updated = call("PUT", "/api/v1/event-policies/alpha", TOKEN,
                            policy("alpha", "alpha-v2", "rfc5424", alphaCollector, null));
                    assertThat(updated.status()).as(updated.body().toString()).isEqualTo(200);
                    sender.awaitAcknowledged(1600, SENDING);
                    Answer deleted = call("DELETE", "/api/v1/event-policies/beta", TOKEN, null);
                    assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(200);
                    assertThat(betaOffset).doesNotExist();

                    sender.awaitDone(SENDING);
                    assertThat(sender.errors()).as(sender.describe()).isEmpty();
                }
                // the update kept alpha's progress: nothing lost, nothing counted twice, across the restart of its route
                ledger.awaitContract("alpha", DELIVERY, syslog(alphaCollector));
                Set<String> prefixes = alphaCollector.messages().stream().map(ReceivedSyslog::appName)
                        .collect(Collectors.toSet());
                assertThat(prefixes).containsExactlyInAnyOrder("alpha-v1", "alpha-v2");
                assertThat(Metrics.scrape(managementPort))
                        .containsKey("venice_events_delivered_total{writer=\"" + reader("alpha", alphaCollector) + "\"}");
                int betaAtDelete = betaCollector.messages().size();
                assertThat(betaAtDelete).isPositive();

                assertThat(runner.stop()).isEqualTo(143); // SIGTERM, as every graceful stop
            }

            try (RunnerProcess restarted = startRunner("policies-restarted")) {
                awaitApi();
                Answer listed = call("GET", "/api/v1/event-policies", null, null);
                assertThat(listed.body().path("policies").findValuesAsText("name")).containsExactly("alpha");
                assertThat(listed.body().path("policies").get(0).path("prefix").asText()).isEqualTo("alpha-v2");
                try (SteadySender more = sender("after-restart").events(300).start()) {
                    more.awaitDone(SENDING);
                }
                ledger.awaitContract("alpha", DELIVERY, syslog(alphaCollector));
                assertThat(betaOffset).doesNotExist();
                assertThat(alphaOffset).exists();
            }
        }
    }

    @Test
    void badRequestsAreRefusedWithEveryProblemListedAndChangesNeedTheToken() throws Exception {
        try (RunnerProcess runner = startRunner("policy-requests")) {
            awaitApi();
            String body = "{\"name\":\"x\",\"format\":\"xml\",\"targets\":[{\"destination\":\"h\",\"transport\":\"udp\"}],"
                    + "\"filters\":{\"min-severity\":\"loud\"}}";

            Answer bad = call("POST", "/api/v1/event-policies", TOKEN, body);
            Answer noToken = call("POST", "/api/v1/event-policies", null, body);
            Answer wrongToken = call("PUT", "/api/v1/maintenance", "not-it", "{\"enabled\":true}");

            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().path("problems").findValuesAsText("")).isEmpty();
            assertThat(JSON.convertValue(bad.body().path("problems"), List.class)).containsExactly(
                    "format: 'xml' is not one of rfc5424, bsd",
                    "targets[0].destination: 'h' is not host:port (a port 1..65535; an IPv6 address in brackets, [::1]:514)",
                    "filters.min-severity: 'loud' is not one of debug, info, warn, critical");
            assertThat(noToken.status()).isEqualTo(401);
            assertThat(noToken.body().path("error").asText())
                    .isEqualTo("this call needs the header Authorization: Bearer <management.auth-token>");
            assertThat(wrongToken.status()).isEqualTo(401);
            assertThat(call("GET", "/api/v1/maintenance", null, null).body().path("enabled").asBoolean()).isFalse();
            assertThat(runner.log()).doesNotContain(TOKEN);
            assertThat(Files.readString(runner.logFile())).doesNotContain(TOKEN);
        }
    }

    @Test
    void filtersChooseTheEventsAndMaintenanceModeDropsFlaggedTypesAtIntake() throws Exception {
        try (RsyslogServer collector = RsyslogServer.start(workDir.resolve("rsyslog"), Transport.UDP);
                RunnerProcess runner = startRunner("policy-filters")) {
            awaitApi();
            assertThat(call("POST", "/api/v1/event-policies", TOKEN, policy("critical-cluster", "crit", "rfc5424",
                    collector, "{\"min-severity\":\"critical\",\"categories\":[\"cluster\"]}")).status()).isEqualTo(201);
            // a policy whose collector is not there: it retries on its own, the other target delivers meanwhile
            int nobody = RunnerProcess.freePort();
            assertThat(call("POST", "/api/v1/event-policies", TOKEN, "{\"name\":\"dead\",\"targets\":[{\"destination\":"
                    + "\"127.0.0.1:" + nobody + "\",\"transport\":\"tcp\"}]}").status()).isEqualTo(201);

            try (ProxyClient client = ProxyClient.connect(proxyPort)) {
                send(client, "NODE_DISCONNECTED", "critical", "cluster critical");         // sent
                send(client, "DSC_NOT_ADMITTED", "warn", "cluster warn");                   // below critical
                send(client, "DUPLICATE_IP_DETECTED", "critical", "network critical");     // not cluster
                send(client, "QUORUM_LOST", "critical", "first marker");                    // sent
                collector.awaitMessages(2, DELIVERY);

                assertThat(call("PUT", "/api/v1/maintenance", TOKEN, "{\"enabled\":true}").body().path("enabled")
                        .asBoolean()).isTrue();
                send(client, "NODE_DISCONNECTED", "critical", "during maintenance");       // flagged: dropped
                send(client, "QUORUM_LOST", "critical", "second marker");                   // not flagged: sent
                collector.awaitMessages(3, DELIVERY);
                assertThat(Metrics.scrape(managementPort))
                        .containsEntry("venice_events_suppressed_total{type=\"NODE_DISCONNECTED\"}", 1.0);

                assertThat(call("PUT", "/api/v1/maintenance", TOKEN, "{\"enabled\":false}").status()).isEqualTo(200);
                send(client, "NODE_DISCONNECTED", "critical", "after maintenance");        // sent again
                collector.awaitMessages(4, DELIVERY);
            }
            String deadCheck = "writer-policy.dead.tcp.127.0.0.1." + nobody;
            Await.until(DELIVERY, () -> readiness().status() == 503, () -> "readiness stays UP");
            Answer down = readiness();
            assertThat(down.body().path("checks").findValuesAsText("name")).as(down.body().toString())
                    .containsExactly(deadCheck);
            assertThat(Metrics.scrape(managementPort).get("venice_events_retried_total{writer=\"policy.dead.tcp.127.0.0.1."
                    + nobody + "\"}")).isPositive();
            assertThat(call("DELETE", "/api/v1/event-policies/dead", TOKEN, null).status()).isEqualTo(200);
            Await.until(DELIVERY, () -> readiness().status() == 200, () -> "readiness stays DOWN after the delete");
            assertThat(runner.dataDir().resolve("store/offsets/policy.dead.tcp.127.0.0.1." + nobody + ".offset"))
                    .doesNotExist();
            assertThat(Metrics.scrape(managementPort).keySet()).as("a deleted target's series")
                    .noneMatch(series -> series.contains("policy.dead."));

            assertThat(collector.messages().stream().map(ReceivedSyslog::msg).toList()).containsExactly(
                    "cluster critical", "first marker", "second marker", "after maintenance");
            assertThat(collector.messages().stream().map(ReceivedSyslog::appName).distinct().toList())
                    .containsExactly("crit");
            // suppressed before the store: no writer has it
            Await.until(DELIVERY, () -> runner.writtenEvents().size() == 6, () -> runner.writtenEvents().toString());
            assertThat(runner.writtenEvents().stream().map(event -> event.path("message").asText()).toList())
                    .doesNotContain("during maintenance");
        }
    }

    @Test
    void aPolicyOfTheConfigurationFileDeliversIsReadOnlyOverTheApiAndABadFileStopsTheStart() throws Exception {
        Path policies = workDir.resolve("event-policies.yaml");
        Files.writeString(policies, """
                policies:
                  - name: fixed
                    format: rfc5424
                    prefix: "with space"
                    targets: [{destination: "nohost", transport: udp}]
                """);
        try (RunnerProcess refused = RunnerProcess.builder(workDir).name("policy-file-bad")
                .property("events.policies-file", policies.toString()).start()) {
            int exitCode = refused.awaitExit(STARTUP);
            String output = refused.log();
            assertThat(exitCode).as(output).isNotZero();
            assertThat(output.lines().map(String::trim).toList()).as(output).contains(
                    "file:" + policies + ": policies[0].prefix: 'with space' must be 1 to 32 printable ASCII characters "
                            + "without spaces (it is the APP-NAME / TAG)",
                    "file:" + policies + ": policies[0].targets[0].destination: 'nohost' is not host:port (a port "
                            + "1..65535; an IPv6 address in brackets, [::1]:514)");
            assertThat(output).containsOnlyOnce("invalid configuration (2 problems)");
        }

        try (RsyslogServer collector = RsyslogServer.start(workDir.resolve("rsyslog"), Transport.UDP)) {
            Files.writeString(policies, "policies:\n  - name: fixed\n    prefix: fixed\n    targets: [{destination: \"127.0.0.1:"
                    + collector.address().getPort() + "\", transport: udp}]\n");
            try (RunnerProcess runner = RunnerProcess.builder(workDir).name("policy-file")
                    .property("proxy.port", proxyPort).property("management.port", managementPort)
                    .property("events.policies-file", policies.toString())
                    .env("MANAGEMENT_AUTH_TOKEN", TOKEN)
                    .start().awaitReady(STARTUP)) {
                awaitApi();
                try (ProxyClient client = ProxyClient.connect(proxyPort)) {
                    send(client, "QUORUM_LOST", "critical", "from the file's policy");
                }
                assertThat(collector.awaitMessages(1, DELIVERY).get(0).appName()).isEqualTo("fixed");
                Answer listed = call("GET", "/api/v1/event-policies/fixed", null, null);
                assertThat(listed.body().path("origin").asText()).isEqualTo("config");
                Answer changed = call("DELETE", "/api/v1/event-policies/fixed", TOKEN, null);
                assertThat(changed.status()).isEqualTo(409);
                assertThat(changed.body().path("error").asText()).isEqualTo("policy 'fixed' is defined in the "
                        + "configuration (events.policies-file): change it there and restart");
            }
        }
    }

    Answer readiness() throws Exception {
        return call("GET", "/health/ready", null, null);
    }

    static void send(ProxyClient client, String type, String severity, String message) {
        String reply = client.send("{\"type\":\"" + type + "\",\"severity\":\"" + severity + "\",\"message\":\"" + message
                + "\",\"source\":{\"component\":\"it\",\"node-name\":\"node-1\"}}");
        assertThat(reply).as(message).startsWith("{\"status\":\"ok\"");
    }
}
