package io.venice.events.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import io.venice.events.testing.Await;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.RunnerProcess;
import io.venice.events.testing.TestCertificates;
import io.venice.events.testing.VeniceHttpServer;
import io.venice.events.tls.PemTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Venice writer against an HTTPS Venice of the test's: a bearer token or basic credentials, extra headers, a CA
 * of its own, a client certificate; a wrong token is a 401 and a dead letter; and no secret ever shows in the log,
 * {@code /metrics} or {@code /health}.
 */
class VeniceAuthTlsIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration DELIVERY = Duration.ofSeconds(30);
    static final String TOKEN = "vt-7f3c9a1e5b2d4c68a0e1";
    static final String PASSWORD = "pw-2b8e6d1c9f4a";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path certDir;
    static TestCertificates certs;

    @TempDir
    Path workDir;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(certDir);
    }

    RunnerProcess.Builder runner(VeniceHttpServer venice) {
        return RunnerProcess.builder(workDir)
                .name("venice-auth-tls")
                .property("writers.venice.enabled", "true")
                .property("writers.venice.url", venice.url())
                .property("writers.venice.batch-size", "1")
                .property("writers.venice.batch-interval", "100ms")
                .property("writers.venice.max-backoff", "200ms")
                .property("writers.venice.tls.ca-file", certs.caCert());
    }

    static String event(String message) {
        return "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"" + message + "\","
                + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"}}";
    }

    static void send(RunnerProcess runner, String... messages) throws Exception {
        try (ProxyClient client = ProxyClient.connect(runner.port())) {
            for (String message : messages) {
                assertThat(client.send(event(message))).startsWith("{\"status\":\"ok\"");
            }
        }
    }

    static String get(RunnerProcess runner, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner.managementPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The secret is nowhere an operator or a scraper looks: the log, /metrics, /health with every detail. */
    static void assertSecretShownNowhere(RunnerProcess runner, String secret) throws Exception {
        assertThat(get(runner, "/metrics")).contains("venice_events_").doesNotContain(secret);
        assertThat(get(runner, "/health?exposureLevel=full&data=true")).contains("writer-venice").doesNotContain(secret);
        assertThat(runner.log()).as("the runner's log").doesNotContain(secret);
    }

    List<Path> deadLetters() throws Exception {
        Path dir = workDir.resolve("data/dead-letter/venice");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void postsWithTheTokenAndHeadersOverTheCustomCaAndNeverShowsTheToken() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.startHttps(
                        PemTls.server(certs.serverCert(), certs.serverKey(), null), false)
                        .requireAuthorization("Bearer " + TOKEN);
                RunnerProcess runner = runner(venice)
                        .property("writers.venice.token-env", "VENICE_TOKEN")
                        .env("VENICE_TOKEN", TOKEN)
                        .property("writers.venice.headers", "X-Tenant: blue; X-Source: lab-7")
                        .start()) {
            runner.awaitReady(STARTUP);
            send(runner, "with a token", "and another");

            venice.awaitEvents(2, DELIVERY);

            assertThat(venice.acceptedEvents()).extracting(e -> e.get("message").asText())
                    .containsExactly("with a token", "and another");
            assertThat(venice.requests()).as(venice.describeRequests()).allSatisfy(request -> {
                assertThat(request.status()).isEqualTo(200);
                assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
                assertThat(request.header("X-Tenant")).isEqualTo("blue");
                assertThat(request.header("X-Source")).isEqualTo("lab-7");
            });
            assertSecretShownNowhere(runner, TOKEN);
        }
    }

    @Test
    void presentsItsClientCertificateAndBasicCredentialsToAVeniceThatRequiresThem() throws Exception {
        Path passwordFile = Files.writeString(workDir.resolve("venice-password"), PASSWORD + "\n");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("events:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (VeniceHttpServer venice = VeniceHttpServer.startHttps(
                        PemTls.server(certs.serverCert(), certs.serverKey(), certs.caCert()), true)
                        .requireAuthorization(basic);
                RunnerProcess runner = runner(venice)
                        .property("writers.venice.username", "events")
                        .property("writers.venice.password-file", passwordFile)
                        .property("writers.venice.tls.cert-file", certs.clientCert())
                        .property("writers.venice.tls.key-file", certs.clientKey())
                        .start()) {
            runner.awaitReady(STARTUP);
            send(runner, "mutual");

            venice.awaitEvents(1, DELIVERY);

            assertThat(venice.requests()).extracting(VeniceHttpServer.Request::status).containsExactly(200);
            assertSecretShownNowhere(runner, PASSWORD);
            assertSecretShownNowhere(runner, basic.substring("Basic ".length()));
        }
    }

    @Test
    void aWrongTokenIsA401AndTheBatchADeadLetterWithoutTheTokenAnywhere() throws Exception {
        String wrongToken = "vt-wrong-0c1d2e3f4a5b";
        Path tokenFile = Files.writeString(workDir.resolve("venice-token"), wrongToken + "\n");
        try (VeniceHttpServer venice = VeniceHttpServer.startHttps(
                        PemTls.server(certs.serverCert(), certs.serverKey(), null), false)
                        .requireAuthorization("Bearer " + TOKEN);
                RunnerProcess runner = runner(venice).property("writers.venice.token-file", tokenFile).start()) {
            runner.awaitReady(STARTUP);
            send(runner, "refused for the token");

            Await.until(DELIVERY, () -> deadLetters().size() == 1, runner::describe);

            assertThat(venice.requests()).as("a 401 is not retried").extracting(VeniceHttpServer.Request::status)
                    .containsExactly(401);
            assertThat(runner.log()).contains("ERROR").contains("Venice refused a batch with HTTP 401");
            assertThat(Files.readString(deadLetters().get(0))).contains("refused for the token").doesNotContain(wrongToken);
            assertSecretShownNowhere(runner, wrongToken);

            // the token fixed, the dead letter goes again with the writer's token, headers and TLS files
            Files.writeString(tokenFile, TOKEN + "\n");
            try (RunnerProcess replay = RunnerProcess.builder(workDir)
                    .name("replay-dead-letters-with-token")
                    .withoutTestDefaults()
                    .property("data.dir", workDir.resolve("data").toString())
                    .property("writers.venice.url", venice.url())
                    .property("writers.venice.token-file", tokenFile)
                    .property("writers.venice.tls.ca-file", certs.caCert())
                    .arguments("replay-dead-letters", "--writer", "venice")
                    .start()) {
                assertThat(replay.awaitExit(STARTUP)).as(replay.log()).isZero();
                assertThat(replay.log()).contains("replayed 1 of 1 dead letters").doesNotContain(TOKEN);
            }
            assertThat(venice.acceptedEvents()).extracting(e -> e.get("message").asText())
                    .containsExactly("refused for the token");
            assertThat(deadLetters()).isEmpty();
        }
    }

    @Test
    void refusesAVeniceWhoseCertificateItsCaDidNotSignWithAnErrorSayingSo() throws Exception {
        try (VeniceHttpServer venice = VeniceHttpServer.startHttps(
                        PemTls.server(certs.untrustedServerCert(), certs.untrustedServerKey(), null), false);
                RunnerProcess runner = runner(venice).start()) {
            runner.awaitReady(STARTUP);
            send(runner, "not to an impostor");

            Await.until(DELIVERY, () -> runner.log().contains("The venice writer cannot connect to " + venice.url()
                    + " over TLS: its certificate is not trusted: it is not signed by a CA of writers.venice.tls.ca-file ("
                    + certs.caCert() + ")"), runner::describe);
            assertThat(venice.requests()).isEmpty();
            assertThat(get(runner, "/health/ready")).contains("writer-venice").contains("DOWN");
            assertThat(deadLetters()).isEmpty();
        }
    }
}
