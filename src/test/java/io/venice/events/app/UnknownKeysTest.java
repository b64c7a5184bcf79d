package io.venice.events.app;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A misspelt venice-events key is a problem with the nearest known key; other namespaces are not ours. */
class UnknownKeysTest {

    static final Set<String> KNOWN = Set.of("writers.venice.enabled", "writers.venice.url", "proxy.port",
            "dispatcher.flush-interval");

    @Test
    void namesAMisspeltKeyWithTheKeyItMeant() {
        assertThat(UnknownKeys.problems(List.of("writers.venice.enabeld", "dispatcher.flush-intervall", "proxy.port"),
                KNOWN, Set.of())).containsExactly(
                "dispatcher.flush-intervall: not a venice-events key; did you mean dispatcher.flush-interval?",
                "writers.venice.enabeld: not a venice-events key; did you mean writers.venice.enabled?");
    }

    @Test
    void namesAKeyNothingIsNearWithoutAGuess() {
        assertThat(UnknownKeys.problems(List.of("store.compression"), KNOWN, Set.of()))
                .containsExactly("store.compression: not a venice-events key");
    }

    @Test
    void leavesOtherNamespacesAndRetiredKeysAlone() {
        assertThat(UnknownKeys.problems(List.of("camel.main.name", "java.version", "derived.x-ms", "user.home",
                "proxy.queue-size"), KNOWN, Set.of("proxy.queue-size"))).isEmpty();
    }

    @Test
    void namesAnEnvironmentVariableOfNoKeyWithTheVariableItMeant() {
        assertThat(UnknownKeys.environmentProblems(List.of("WRITERS_VENICE_ENABELD", "PROXY_PORT", "DISPATCHER_FLUSH_INTERVAL",
                "STORE_COMPRESSION"), KNOWN, Set.of())).containsExactly(
                "STORE_COMPRESSION: an environment variable of no venice-events key",
                "WRITERS_VENICE_ENABELD: an environment variable of no venice-events key; "
                        + "did you mean WRITERS_VENICE_ENABLED (writers.venice.enabled)?");
    }

    @Test
    void leavesEveryOtherEnvironmentVariableAlone() {
        assertThat(UnknownKeys.environmentProblems(List.of("PATH", "HOME", "CI", "JAVA_HOME", "MAVEN_OPTS", "HTTP_PROXY",
                "PROXYPORT", "DATA_DIR", "CAMEL_MAIN_NAME", "BUILD_EVENTS_URL", "PROXY_QUEUE_SIZE"), KNOWN,
                Set.of("proxy.queue-size"))).isEmpty();
    }
}
