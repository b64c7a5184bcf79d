package io.venice.events.store;

import java.time.Instant;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.testing.Events;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredEventTest {

    final Event event = Events.linkDown("eth1", Instant.parse("2026-11-27T10:00:00Z"));

    @Test
    void writesHeldOnlyWhenTrue() {
        assertThat(EventJson.write(new StoredEvent("o", 5L, event))).startsWith("{\"occurrence\":\"o\",\"at\":5,\"event\":");
        assertThat(EventJson.write(new StoredEvent("o", 5L, true, event.withCount(2))))
                .startsWith("{\"occurrence\":\"o\",\"at\":5,\"held\":true,\"event\":");
    }

    @Test
    void readsALineWrittenBeforeHeldExistedAsNotHeld() {
        String old = "{\"occurrence\":\"o\",\"at\":5,\"event\":" + EventJson.write(event) + "}";

        StoredEvent read = EventJson.read(old, StoredEvent.class);

        assertThat(read).isEqualTo(new StoredEvent("o", 5L, event));
        assertThat(read.held()).isFalse();
    }

    @Test
    void readsBackAHeldState() {
        StoredEvent held = new StoredEvent("o", 5L, true, event.withCount(3));

        assertThat(EventJson.read(EventJson.write(held), StoredEvent.class)).isEqualTo(held);
    }
}
