package io.venice.events.dispatcher;

import java.time.Duration;
import java.time.Instant;

import io.venice.events.model.Event;
import io.venice.events.testing.Events;
import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DedupWindowTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    final MutableClock clock = new MutableClock(T0);

    /** Counts one occurrence as the dispatcher's repository does; returns the state to store. */
    Event offer(DedupWindow window, Event occurrence, boolean expectFirst) {
        DedupWindow.Counted counted = window.count(DedupKeys.keyOf(occurrence), occurrence);
        assertThat(counted.first()).as("first occurrence?").isEqualTo(expectFirst);
        return counted.state();
    }

    Event occurrenceNow() {
        return Events.linkDown("eth1", clock.instant());
    }

    @Test
    void countsRepeatsUnderTheFirstOccurrencesIdentity() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(1), 100, clock);
        Event first = offer(window, occurrenceNow(), true);

        Event update = null;
        for (int i = 2; i <= 100; i++) {
            clock.advance(Duration.ofMillis(5));
            update = offer(window, occurrenceNow(), false);
        }

        assertThat(update.uuid()).isEqualTo(first.uuid());
        assertThat(update.meta().selfLink()).isEqualTo(first.meta().selfLink());
        assertThat(update.creationTime()).isEqualTo(T0);
        assertThat(update.modTime()).isEqualTo(T0.plusMillis(5 * 99));
        assertThat(update.count()).isEqualTo(100);
    }

    @Test
    void startsANewEventWithANewUuidOnceTheWindowHasPassed() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(1), 100, clock);
        Event first = offer(window, occurrenceNow(), true);
        for (int i = 2; i <= 100; i++) {
            offer(window, occurrenceNow(), false);
        }

        clock.advance(Duration.ofMillis(1001));
        Event second = offer(window, occurrenceNow(), true);
        Event update = null;
        for (int i = 2; i <= 100; i++) {
            update = offer(window, occurrenceNow(), false);
        }

        assertThat(second.uuid()).isNotEqualTo(first.uuid());
        assertThat(update.uuid()).isEqualTo(second.uuid());
        assertThat(update.count()).isEqualTo(100);
    }

    @Test
    void keepsTheCountOfASeriesAtTheLargestIntegerInsteadOfWrappingRoundToANegativeCount() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(1), 100, clock);
        offer(window, occurrenceNow().withCount(Integer.MAX_VALUE), true);

        Event repeat = offer(window, occurrenceNow(), false);
        Event another = offer(window, occurrenceNow().withCount(5), false);

        assertThat(repeat.count()).as("the probe was delivered as -2147483648").isEqualTo(Integer.MAX_VALUE);
        assertThat(another.count()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void countsUpToTheLargestIntegerExactly() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(1), 100, clock);
        offer(window, occurrenceNow().withCount(Integer.MAX_VALUE - 3), true);

        assertThat(offer(window, occurrenceNow().withCount(2), false).count()).isEqualTo(Integer.MAX_VALUE - 1);
        assertThat(offer(window, occurrenceNow().withCount(2), false).count()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void doesNotExtendTheWindowForRepeats() {
        DedupWindow window = new DedupWindow(Duration.ofMillis(500), 100, clock);
        Event first = offer(window, occurrenceNow(), true);

        // the same event every 4 ms: the window still closes 500 ms after the first occurrence
        for (int elapsed = 4; elapsed < 500; elapsed += 4) {
            clock.advance(Duration.ofMillis(4));
            assertThat(offer(window, occurrenceNow(), false).uuid()).isEqualTo(first.uuid());
        }
        clock.advance(Duration.ofMillis(4));
        Event afterWindow = offer(window, occurrenceNow(), true);

        assertThat(afterWindow.uuid()).isNotEqualTo(first.uuid());
    }

    @Test
    void keepsDifferentKeysApart() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(1), 100, clock);

        offer(window, Events.linkDown("eth1", T0), true);
        offer(window, Events.linkDown("eth2", T0), true);

        assertThat(offer(window, Events.linkDown("eth1", T0), false).count()).isEqualTo(2);
        assertThat(offer(window, Events.linkDown("eth2", T0), false).count()).isEqualTo(2);
    }

    @Test
    void addsTheCountOfAnOccurrenceThatAlreadyCarriesOne() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(1), 100, clock);

        offer(window, occurrenceNow(), true);
        Event update = offer(window, occurrenceNow().withCount(5), false);

        assertThat(update.count()).isEqualTo(6);
    }

    @Test
    void holdsAtMostMaxKeysWindows() {
        DedupWindow window = new DedupWindow(Duration.ofHours(1), 50, clock);

        for (int i = 0; i < 500; i++) {
            offer(window, Events.linkDown("eth" + i, T0), true);
        }

        assertThat(window.size()).isLessThanOrEqualTo(50);
    }

    @Test
    void closesTheOldestWindowsWhenFullAndAlwaysKeepsTheNewest() {
        DedupWindow window = new DedupWindow(Duration.ofHours(1), 50, clock);
        for (int i = 0; i < 500; i++) {
            offer(window, Events.linkDown("eth" + i, T0), true);
        }

        // the 50 newest windows are open: their repeats are counted; the oldest were closed for room
        for (int i = 450; i < 500; i++) {
            assertThat(offer(window, Events.linkDown("eth" + i, T0), false).count()).isEqualTo(2);
        }
        offer(window, Events.linkDown("eth0", T0), true);
    }

    @Test
    void uncountTakesBackOccurrencesWhoseStatesWereNotStored() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(1), 100, clock);
        Event first = offer(window, Events.linkDown("eth1", T0), true);
        offer(window, Events.linkDown("eth1", T0), false);

        // a request that could not be stored: eth1 counted twice more, eth2 opened
        Event eth1 = Events.linkDown("eth1", T0);
        Event eth2 = Events.linkDown("eth2", T0);
        assertThat(window.count(DedupKeys.keyOf(eth1), eth1).state().count()).isEqualTo(3);
        assertThat(window.count(DedupKeys.keyOf(eth2), eth2).first()).isTrue();
        assertThat(window.count(DedupKeys.keyOf(eth1), eth1).state().count()).isEqualTo(4);
        window.uncount(DedupKeys.keyOf(eth1), 1);
        window.uncount(DedupKeys.keyOf(eth2), 1);
        window.uncount(DedupKeys.keyOf(eth1), 1);

        Event next = offer(window, Events.linkDown("eth1", T0), false);
        assertThat(next.uuid()).isEqualTo(first.uuid());
        assertThat(next.count()).as("the refused occurrences are not counted").isEqualTo(3);
        offer(window, Events.linkDown("eth2", T0), true);
    }

    @Test
    void restoredStatesContinueTheirSeriesUntilTheirWindowEnds() {
        DedupWindow window = new DedupWindow(Duration.ofSeconds(10), 100, clock);
        Event stored = Events.linkDown("eth1", T0).withCount(7);

        window.restore(stored, T0.minusSeconds(4).toEpochMilli());
        Event next = offer(window, Events.linkDown("eth1", T0), false);
        assertThat(next.uuid()).isEqualTo(stored.uuid());
        assertThat(next.count()).isEqualTo(8);

        clock.advance(Duration.ofSeconds(6)); // 10 s after the window opened
        assertThat(offer(window, Events.linkDown("eth1", clock.instant()), true).uuid()).isNotEqualTo(stored.uuid());
    }

    @Test
    void aKeysDigestIsTheUuidNameUuidFromBytesMakesOfIt() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 1000; i++) {
            String key = random.ints(random.nextInt(300), 0x20, 0x3000)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();

            assertThat(DedupWindow.digest(key)).as(key)
                    .isEqualTo(java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }
}
