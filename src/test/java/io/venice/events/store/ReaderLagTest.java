package io.venice.events.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.venice.events.model.Event;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Events;
import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A writer's lag as the gauges and /status read it: events and bytes behind, oldest undelivered, stalled. */
class ReaderLagTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    EventStore store;

    @BeforeEach
    void open() throws IOException {
        store = new EventStore(dir.resolve("store"), 2048, 10_000_000, WhenFull.REJECT, false);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    WriterFeed feed(String writer) {
        return new WriterFeed(writer, store, dir.resolve("offsets"), 100, clock).open();
    }

    /** Stores {@code n} events, one append each, stamped with the clock's time now. */
    void storeEvents(int n) {
        for (int i = 0; i < n; i++) {
            Event event = Events.linkDown("eth" + i, clock.instant());
            store.append(List.of(new StoredEvent("occ-" + i, clock.millis(), event)), false);
        }
    }

    static void deliverAll(WriterFeed feed) {
        while (feed.hasWork()) {
            if (feed.next().isEmpty()) {
                return;
            }
            feed.commit();
        }
    }

    @Test
    void aWriterThatDeliveredEverythingHasNoLag() {
        WriterFeed feed = feed("venice");
        storeEvents(3);
        deliverAll(feed);
        clock.advance(Duration.ofMinutes(5));

        ReaderLag.Lag lag = new ReaderLag("venice", clock).of(feed);

        assertThat(lag).isEqualTo(new ReaderLag.Lag(0, 0, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void aWriterThatDeliversNothingLagsByEveryEventAndByteStoredSinceAndTheOldestAges() {
        WriterFeed feed = feed("venice");
        long start = feed.committedOffset();
        ReaderLag lags = new ReaderLag("venice", clock);
        storeEvents(5);
        clock.advance(Duration.ofSeconds(30));

        ReaderLag.Lag first = lags.of(feed);
        storeEvents(20); // across segments of 2048 bytes
        clock.advance(Duration.ofSeconds(15));
        ReaderLag.Lag later = lags.of(feed);

        assertThat(first.events()).isEqualTo(5);
        assertThat(first.bytes()).isEqualTo(store.endOffset() - start - (later.bytes() - first.bytes()));
        assertThat(first.oldest()).isEqualTo(Duration.ofSeconds(30));
        assertThat(later.events()).isEqualTo(25);
        assertThat(later.bytes()).isEqualTo(store.endOffset() - start);
        assertThat(later.oldest()).isEqualTo(Duration.ofSeconds(45));
        assertThat(later.stalled()).as("behind since the oldest arrived").isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void countsWhatIsLeftAsTheWriterMovesOnAcrossSegments() {
        WriterFeed feed = new WriterFeed("syslog", store, dir.resolve("offsets"), 7, clock).open();
        ReaderLag lags = new ReaderLag("syslog", clock);
        storeEvents(30);

        List<Long> left = new ArrayList<>();
        while (feed.hasWork() && !feed.next().isEmpty()) {
            feed.commit();
            left.add(lags.of(feed).events());
        }

        assertThat(left).containsExactly(23L, 16L, 9L, 2L, 0L);
    }

    @Test
    void theOldestIsTheFirstUndeliveredEventAndStalledCountsFromTheLastMove() {
        WriterFeed feed = new WriterFeed("venice", store, dir.resolve("offsets"), 2, clock).open();
        ReaderLag lags = new ReaderLag("venice", clock);
        storeEvents(2);
        clock.advance(Duration.ofSeconds(10));
        storeEvents(2); // stored at T0 + 10 s
        clock.advance(Duration.ofSeconds(50));

        feed.next();
        feed.commit(); // the first two delivered at T0 + 60 s
        clock.advance(Duration.ofSeconds(20));
        ReaderLag.Lag lag = lags.of(feed);

        assertThat(lag.events()).isEqualTo(2);
        assertThat(lag.oldest()).isEqualTo(Duration.ofSeconds(70));
        assertThat(lag.stalled()).as("its offset moved 20 s ago").isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anIdleWriterIsStalledOnlySinceTheFirstEventItHasNotDelivered() {
        WriterFeed feed = feed("venice");
        clock.advance(Duration.ofHours(1)); // nothing to do for an hour
        storeEvents(1);
        clock.advance(Duration.ofSeconds(3));

        assertThat(new ReaderLag("venice", clock).of(feed).stalled()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theOldestPassesOverHeldStates() {
        WriterFeed feed = feed("venice");
        Event first = Events.linkDown("eth1", clock.instant());
        store.append(List.of(new StoredEvent("b", clock.millis(), true, first.withCount(2))), false);
        clock.advance(Duration.ofSeconds(5));
        store.append(List.of(new StoredEvent("c", clock.millis(), first.withCount(3))), false);
        clock.advance(Duration.ofSeconds(1));

        ReaderLag.Lag lag = new ReaderLag("venice", clock).of(feed);

        assertThat(lag.events()).as("held states are lines behind too").isEqualTo(2);
        assertThat(lag.oldest()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void countsTheLinesOfSegmentsFoundAtOpenAndThoseAppendedSince() throws IOException {
        WriterFeed before = feed("venice");
        storeEvents(12);
        store.close();
        store = new EventStore(dir.resolve("store"), 2048, 10_000_000, WhenFull.REJECT, false);
        WriterFeed reopened = feed("venice");
        ReaderLag lags = new ReaderLag("venice", clock);
        assertThat(before.committedOffset()).isEqualTo(reopened.committedOffset());

        assertThat(lags.of(reopened).events()).isEqualTo(12);
        storeEvents(3);
        assertThat(lags.of(reopened).events()).isEqualTo(15);
        assertThat(store.linesFrom(store.firstOffset(), new EventStore.LineCount())).isEqualTo(15);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "segments of {0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2048, 1 << 20})
    void aCountCarriedFromCallToCallMatchesAFreshCountWhateverTheReaderAndTheStoreDid(int segmentBytes)
            throws IOException {
        store.close();
        store = new EventStore(dir.resolve("store-" + segmentBytes), segmentBytes, 10_000_000, WhenFull.REJECT, false);
        WriterFeed feed = new WriterFeed("venice", store, dir.resolve("offsets-" + segmentBytes), 3, clock).open();
        EventStore.LineCount carried = new EventStore.LineCount();
        long stored = 0;
        long delivered = 0;
        for (int round = 0; round < 12; round++) {
            storeEvents(round % 4);
            stored += round % 4;
            if (round % 3 != 0 && feed.hasWork()) {
                delivered += feed.next().size();
                feed.commit();
            }
            long offset = feed.committedOffset();
            assertThat(store.linesFrom(offset, carried)).as("round " + round).isEqualTo(stored - delivered)
                    .isEqualTo(store.linesFrom(offset, new EventStore.LineCount()));
        }
        assertThat(delivered).isPositive();
    }

    @Test
    void anOffsetTheStoreNoLongerHoldsCountsFromTheOldestRetainedLine() {
        assertThat(store.linesFrom(0, new EventStore.LineCount())).isZero();
        storeEvents(4);
        assertThat(store.linesFrom(store.endOffset(), new EventStore.LineCount())).isZero();
        assertThat(store.linesFrom(0, new EventStore.LineCount())).isEqualTo(4);
    }
}
