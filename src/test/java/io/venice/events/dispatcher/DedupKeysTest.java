package io.venice.events.dispatcher;

import java.time.Instant;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.testing.Events;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DedupKeysTest {

    final Event event = Events.linkDown("eth1", Instant.parse("2026-11-27T10:00:00Z"));

    @Test
    void ignoresIdentityTimestampsCategoryAndCount() {
        Event other = Events.linkDown("eth1", Instant.parse("2026-11-28T11:00:00Z"))
                .withCategory("system").withCount(7);

        assertThat(DedupKeys.keyOf(other)).isEqualTo(DedupKeys.keyOf(event));
    }

    @Test
    void separatesEventsThatDifferInAnyKeyField() {
        String key = DedupKeys.keyOf(event);
        Event otherSeverity = new Event(event.kind(), event.meta(), event.type(), Severity.CRITICAL, event.message(),
                event.category(), event.objectRef(), event.source(), 1);

        assertThat(DedupKeys.keyOf(otherSeverity)).isNotEqualTo(key);
        assertThat(DedupKeys.keyOf(event.withSource(new EventSource("linkmgr", "leaf2")))).isNotEqualTo(key);
        assertThat(DedupKeys.keyOf(event.withSource(new EventSource("other", "leaf1")))).isNotEqualTo(key);
    }

    @Test
    void cannotBeFooledByFieldsRunningTogether() {
        Event a = event.withSource(new EventSource("ab", "c"));
        Event b = event.withSource(new EventSource("a", "bc"));
        Event refA = new Event(event.kind(), event.meta(), event.type(), event.severity(), event.message(),
                event.category(), new ObjectRef("t", "ns", "Port", "eth1", null), event.source(), 1);
        Event refB = new Event(event.kind(), event.meta(), event.type(), event.severity(), event.message(),
                event.category(), new ObjectRef("tn", "s", "Port", "eth1", null), event.source(), 1);

        assertThat(DedupKeys.keyOf(a)).isNotEqualTo(DedupKeys.keyOf(b));
        assertThat(DedupKeys.keyOf(refA)).isNotEqualTo(DedupKeys.keyOf(refB));
    }

    @Test
    void keepsApartEverySplitOfOneTextAcrossTwoFieldsSeparatorsInsideAndMissingFromEmpty() {
        String text = "a1:-:b";
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int cut = 0; cut <= text.length(); cut++) {
            keys.add(DedupKeys.keyOf(event.withSource(new EventSource(text.substring(cut), text.substring(0, cut)))));
        }
        keys.add(DedupKeys.keyOf(event.withSource(new EventSource(null, text))));
        keys.add(DedupKeys.keyOf(event.withSource(new EventSource(text, null))));
        keys.add(DedupKeys.keyOf(event.withSource(new EventSource("-", null))));
        keys.add(DedupKeys.keyOf(event.withSource(new EventSource(null, "-"))));
        keys.add(DedupKeys.keyOf(event.withSource(new EventSource(null, null))));

        assertThat(keys).hasSize(text.length() + 1 + 5);
    }
}
