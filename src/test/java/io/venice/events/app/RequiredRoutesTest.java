package io.venice.events.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes the pipeline cannot work without, found (or not) in a routes folder. */
class RequiredRoutesTest {

    @TempDir
    Path routes;

    @Test
    void findsTheRouteIdsOfTheProjectsRoutes() throws IOException {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RequiredRoutes.Found found = RequiredRoutes.find(camel, "file:" + Path.of("routes").toAbsolutePath() + "/*.yaml");

            assertThat(found.problems()).isEmpty();
            assertThat(found.routeIds()).containsExactlyInAnyOrder("proxy", "proxy-tls", "http-ingest", "dispatcher", "held-counts",
                    "fan-out", "writer-file", "writer-venice", "writer-syslog", "template:proxy-listener",
                    "template:event-policy-target");
            assertThat(RequiredRoutes.problems(found.routeIds(), "file:/r/*.yaml", key -> Optional.of("true"))).isEmpty();
        }
    }

    @Test
    void aWritersRouteIsRequiredOnlyWhenItsWriterIsEnabled() {
        Map<String, String> enabled = Map.of("writers.file.enabled", "true", "writers.venice.enabled", "false");
        assertThat(RequiredRoutes.problems(Set.of("proxy", "dispatcher", "held-counts", "fan-out",
                "template:event-policy-target"),
                "file:/r/*.yaml",
                key -> Optional.ofNullable(enabled.get(key)))).containsExactly(
                "routes: no route with id 'writer-file' in /r/*.yaml (writers.file.enabled is true; "
                        + "the jar's routes/writers.yaml has it)");
    }

    @Test
    void namesEveryMissingRouteAndAFileThatIsNotYaml() throws IOException {
        Files.writeString(routes.resolve("proxy.yaml"), "- route:\n    id: proxy\n    from:\n      uri: direct:p\n");
        Files.writeString(routes.resolve("broken.yaml"), "- route: [\n");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RequiredRoutes.Found found = RequiredRoutes.find(camel, "file:" + routes + "/*.yaml");

            assertThat(found.routeIds()).containsExactly("proxy");
            assertThat(found.problems()).singleElement().asString()
                    .startsWith("routes: file:" + routes + "/broken.yaml is not YAML: ");
            assertThat(RequiredRoutes.problems(found.routeIds(), "file:" + routes + "/*.yaml", key -> Optional.empty()))
                    .containsExactly(
                            "routes: no route with id 'dispatcher' in " + routes
                                    + "/*.yaml (the pipeline needs it; the jar's routes/dispatcher.yaml has it)",
                            "routes: no route with id 'held-counts' in " + routes
                                    + "/*.yaml (the pipeline needs it; the jar's routes/dispatcher.yaml has it)",
                            "routes: no route with id 'fan-out' in " + routes
                                    + "/*.yaml (the pipeline needs it; the jar's routes/dispatcher.yaml has it)",
                            "routes: no route template with id 'event-policy-target' in " + routes
                                    + "/*.yaml (the pipeline needs it; the jar's routes/event-policies.yaml has it)");
        }
    }

    @Test
    void aLogTheRoutesAppendToButNoRouteReadsIsAProblemNamingTheFile() throws IOException {
        Files.writeString(routes.resolve("fan-out.yaml"), """
                - route:
                    id: fan-out
                    from:
                      uri: "store:events?reader=fan-out"
                      steps:
                        - multicast:
                            steps:
                              - to:
                                  uri: "store:file"
                              - filter:
                                  simple: "true"
                                  steps:
                                    - to: "store:audit?x=1"
                """);
        Files.writeString(routes.resolve("writers.yaml"), """
                - route:
                    id: writer-file
                    from:
                      uri: "store:file"
                      parameters:
                        reader: file
                      steps:
                        - to: "store:events"
                """);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RequiredRoutes.Found found = RequiredRoutes.find(camel, "file:" + routes + "/*.yaml");

            assertThat(found.logsRead()).containsExactlyInAnyOrder("events", "file");
            assertThat(found.unreadLogs()).containsExactly("routes: file:" + routes + "/fan-out.yaml appends to "
                    + "store:audit but no route reads it (from: store:audit with a reader of its own): its log would "
                    + "fill up to store.max-bytes and then hold up the fan-out");
        }
    }

    @Test
    void theProjectsRoutesReadEveryLogTheyAppendTo() throws IOException {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            RequiredRoutes.Found found = RequiredRoutes.find(camel, "file:" + Path.of("routes").toAbsolutePath() + "/*.yaml");

            assertThat(found.logsAppended()).containsOnlyKeys("events", "file", "venice", "syslog");
            assertThat(found.unreadLogs()).isEmpty();
        }
    }
}
