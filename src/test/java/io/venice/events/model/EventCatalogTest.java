package io.venice.events.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCatalogTest {

    static EventCatalog read(String yaml) throws IOException {
        return EventCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void shipsARealisticCatalogCoveringEveryCategory() throws IOException {
        EventCatalog catalog;
        try (InputStream in = Files.newInputStream(Path.of("config/event-types.yaml"))) {
            catalog = EventCatalog.read(in, "config/event-types.yaml");
        }

        assertThat(catalog.types()).hasSizeGreaterThan(30);
        assertThat(catalog.types().values()).extracting(EventType::category)
                .containsAll(EventCatalog.CATEGORIES);
        assertThat(catalog.find("DSC_NOT_ADMITTED")).hasValueSatisfying(t -> {
            assertThat(t.category()).isEqualTo("cluster");
            assertThat(t.severity()).isEqualTo(Severity.WARN);
        });
        assertThat(catalog.find("LINK_DOWN").orElseThrow().suppressDuringMaintenance()).isTrue();
    }

    @Test
    void reportsEveryBadEntryAtOnce() {
        String yaml = """
                types:
                  GOOD:
                    category: network
                    severity: info
                    description: fine
                  BAD_CATEGORY:
                    category: weather
                    severity: info
                    description: rain
                  BAD_SEVERITY:
                    category: system
                    severity: loud
                    description: noise
                  NO_DESCRIPTION:
                    category: system
                    severity: warn
                    suppress-during-maintenance: maybe
                """;

        assertThatThrownBy(() -> read(yaml))
                .hasMessageContaining("test.yaml: types.BAD_CATEGORY.category: 'weather' is not one of [cluster, config, network, resource, rollout, system]")
                .hasMessageContaining("test.yaml: types.BAD_SEVERITY.severity: 'loud' is not one of info, warn, critical, debug")
                .hasMessageContaining("test.yaml: types.NO_DESCRIPTION.description: missing")
                .hasMessageContaining("test.yaml: types.NO_DESCRIPTION.suppress-during-maintenance: expected true or false");
    }

    @Test
    void refusesACatalogWithoutTypes() {
        assertThatThrownBy(() -> read("kinds: {}"))
                .hasMessage("test.yaml: expected a non-empty map 'types:' of event type names");
    }
}
