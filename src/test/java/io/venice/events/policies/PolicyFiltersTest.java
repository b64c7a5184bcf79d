package io.venice.events.policies;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.model.Severity;
import io.venice.events.testing.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A policy's filters choose the events a user expects; the configuration file is read with every problem listed. */
class PolicyFiltersTest {

    EventCatalog catalog;

    @BeforeEach
    void readCatalog() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("config/event-types.yaml"))) {
            catalog = EventCatalog.read(in, "event-types.yaml");
        }
    }

    static Event event(String type, Severity severity, String category) {
        Event base = Events.linkDown("eth1", Instant.parse("2026-12-01T00:00:00Z"));
        return new Event(base.kind(), base.meta(), type, severity, base.message(), category, base.objectRef(),
                base.source(), base.count());
    }

    @Test
    void theLowestSeveritySentAndEverythingMoreSevere() {
        PolicyFilters warnAndAbove = new PolicyFilters(Severity.WARN, Set.of(), Set.of());

        assertThat(warnAndAbove.keeps(event("LINK_DOWN", Severity.DEBUG, "network"), catalog)).isFalse();
        assertThat(warnAndAbove.keeps(event("LINK_DOWN", Severity.INFO, "network"), catalog)).isFalse();
        assertThat(warnAndAbove.keeps(event("LINK_DOWN", Severity.WARN, "network"), catalog)).isTrue();
        assertThat(warnAndAbove.keeps(event("LINK_DOWN", Severity.CRITICAL, "network"), catalog)).isTrue();
        assertThat(PolicyFilters.NONE.keeps(event("LINK_DOWN", Severity.DEBUG, "network"), catalog)).isTrue();
    }

    @Test
    void categoriesAndTypesAllMustMatchAndAMissingCategoryIsTheCatalogs() {
        PolicyFilters clusterNodes = new PolicyFilters(Severity.DEBUG, Set.of("cluster"), Set.of("NODE_DISCONNECTED"));

        assertThat(clusterNodes.keeps(event("NODE_DISCONNECTED", Severity.CRITICAL, "cluster"), catalog)).isTrue();
        assertThat(clusterNodes.keeps(event("NODE_DISCONNECTED", Severity.CRITICAL, null), catalog)).isTrue();
        assertThat(clusterNodes.keeps(event("NODE_DISCONNECTED", Severity.CRITICAL, "system"), catalog)).isFalse();
        assertThat(clusterNodes.keeps(event("QUORUM_LOST", Severity.CRITICAL, "cluster"), catalog)).isFalse();
        List<Event> batch = List.of(event("NODE_DISCONNECTED", Severity.CRITICAL, "cluster"),
                event("LINK_DOWN", Severity.WARN, "network"));
        assertThat(clusterNodes.select(batch, catalog)).containsExactly(batch.get(0));
    }

    @Test
    void aConfigurationFileWithTwoPoliciesOfOneNameAndABadOneListsEveryProblem() throws Exception {
        EventPolicyParser parser = new EventPolicyParser(catalog, target -> { });
        String yaml = """
                policies:
                  - name: siem
                    targets: [{destination: "10.0.0.5:514", transport: tcp}]
                  - name: siem
                    targets: [{destination: "10.0.0.6:514", transport: udp}]
                  - name: other
                    facility: local8
                    targets: []
                """;

        assertThatThrownBy(() -> parser.parseAll(new ObjectMapper(new YAMLFactory()).readTree(yaml), "event-policies.yaml",
                EventPolicy.FROM_CONFIG))
                .isInstanceOfSatisfying(PolicyProblems.class, e -> assertThat(e.problems()).containsExactly(
                        "event-policies.yaml: policies[1].name: 'siem' is the name of an earlier policy",
                        "event-policies.yaml: policies[2].facility: 'local8' is not a syslog facility (expected one of "
                                + "kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, "
                                + "audit, alert, clock, local0, local1, local2, local3, local4, local5, local6, local7)",
                        "event-policies.yaml: policies[2].targets: expected a non-empty list of {\"destination\": "
                                + "\"host:port\", \"transport\": \"udp|tcp|tls\"}"));
        assertThat(parser.parseAll(new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(Path.of("config/event-policies.yaml"))), "event-policies.yaml", EventPolicy.FROM_CONFIG))
                .as("the shipped file: no policy").isEmpty();
    }
}
