package io.venice.events.writers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.model.EventList;
import io.venice.events.store.EventBatch;
import io.venice.events.testing.Events;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Venice and file writers send: the events' JSON, the store's bytes where a batch carries them. */
class EventLinesTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    final EventLines lines = new EventLines();
    final Event first = Events.linkDown("eth1 \"é\"", T0);
    final Event second = Events.linkDown("eth2", T0);

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aListOfEventsIsSerialisedAsJacksonWouldTheEventList() {
        assertThat(text(lines.veniceBatch(List.of(first, second)))).isEqualTo(EventJson.write(EventList.of(List.of(first, second))));
        assertThat(text(lines.veniceBatch(List.of()))).isEqualTo("{\"kind\":\"EventList\",\"items\":[]}");
        assertThat(lines.jsonLines(List.of(first, second)))
                .isEqualTo(EventJson.write(first) + "\n" + EventJson.write(second) + "\n");
    }

    @Test
    void aStoreBatchSendsTheJsonItCarriesAndSerialisesOnlyWhatItLacks() {
        // the stored JSON differs from what serialising gives (a field the model does not know): proof it is sent as is
        String stored = EventJson.write(first).replaceFirst("^\\{", "{\"stored\":true,");
        EventBatch batch = new EventBatch(new Event[] {first, second},
                new byte[][] {stored.getBytes(StandardCharsets.UTF_8), null});

        assertThat(text(lines.veniceBatch(batch)))
                .isEqualTo("{\"kind\":\"EventList\",\"items\":[" + stored + "," + EventJson.write(second) + "]}");
        assertThat(lines.jsonLines(batch)).isEqualTo(stored + "\n" + EventJson.write(second) + "\n");
        assertThat(EventJson.read(text(lines.veniceBatch(batch)), EventList.class).items()).containsExactly(first, second);
    }
}
