package io.venice.events.window;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ring holds what a map in insertion order would: the newest UUIDs, at most its capacity, until their time is up. */
class UuidRingTest {

    @Test
    void theOldestLeavesWhenFullAndAUuidAddedAgainKeepsItsPlace() {
        UuidRing ring = new UuidRing(3);
        UUID a = new UUID(1, 1);
        UUID b = new UUID(1, 2);
        UUID c = new UUID(2, 1);
        UUID d = new UUID(2, 2);
        ring.add(a, 10);
        ring.add(b, 11);
        ring.add(c, 12);
        ring.add(a, 13); // held already: keeps its place as the oldest

        ring.add(d, 14);

        assertThat(ring.contains(a)).as("the oldest left for d").isFalse();
        assertThat(List.of(ring.contains(b), ring.contains(c), ring.contains(d))).containsOnly(true);
        assertThat(ring.size()).isEqualTo(3);
    }

    @Test
    void timeLetsTheOldestGoUpToTheCutoffAndARemovedUuidIsGoneAtOnce() {
        UuidRing ring = new UuidRing(10);
        for (int i = 0; i < 5; i++) {
            ring.add(new UUID(0, i), 100 + i);
        }
        ring.remove(new UUID(0, 3));
        assertThat(ring.contains(new UUID(0, 3))).isFalse();

        ring.removeAddedUpTo(102);

        assertThat(ring.contains(new UUID(0, 2))).isFalse();
        assertThat(ring.contains(new UUID(0, 4))).isTrue();
        assertThat(ring.size()).isEqualTo(1);
        assertThatThrownBy(() -> new UuidRing(0)).hasMessageContaining("at least 1");
    }

    /** 200,000 random operations against a LinkedHashMap doing the same: growth, wrap-around, removals, probing chains. */
    @Test
    void holdsExactlyWhatAMapInInsertionOrderHolds() {
        Random random = new Random(42);
        int capacity = 3000; // past the first allocation (1024): the ring grows twice
        UuidRing ring = new UuidRing(capacity);
        LinkedHashMap<UUID, Long> model = new LinkedHashMap<>();
        List<UUID> seen = new ArrayList<>();
        long now = 0;
        for (int op = 0; op < 200_000; op++) {
            now++;
            int kind = random.nextInt(100);
            if (kind < 60 || seen.isEmpty()) {
                // few distinct high bits: many UUIDs share a home slot, long probe chains
                UUID uuid = new UUID(random.nextInt(4), random.nextInt(20_000));
                seen.add(uuid);
                ring.add(uuid, now);
                if (!model.containsKey(uuid)) {
                    model.put(uuid, now);
                    if (model.size() > capacity) {
                        Iterator<UUID> oldest = model.keySet().iterator();
                        oldest.next();
                        oldest.remove();
                    }
                }
            } else if (kind < 80) {
                UUID uuid = seen.get(random.nextInt(seen.size()));
                ring.remove(uuid);
                model.remove(uuid);
            } else if (kind < 82) {
                long cutoff = now - 2_000;
                ring.removeAddedUpTo(cutoff);
                model.values().removeIf(at -> at <= cutoff);
            } else {
                UUID uuid = seen.get(random.nextInt(seen.size()));
                assertThat(ring.contains(uuid)).as("op %d, %s", op, uuid).isEqualTo(model.containsKey(uuid));
            }
            assertThat(ring.size()).as("op %d", op).isEqualTo(model.size());
        }
        for (Map.Entry<UUID, Long> held : model.entrySet()) {
            assertThat(ring.contains(held.getKey())).isTrue();
        }
    }
}
