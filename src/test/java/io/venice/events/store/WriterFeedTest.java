package io.venice.events.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Events;
import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WriterFeedTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    EventStore store;

    @BeforeEach
    void open() throws IOException {
        store = new EventStore(dir.resolve("store"), 4096, 10_000_000, WhenFull.REJECT, false);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    WriterFeed feed(String writer, int batchSize) {
        return new WriterFeed(writer, store, dir.resolve("offsets"), batchSize, clock).open();
    }

    /** Stores a series: its first occurrence, then {@code repeats} more states with growing counts. */
    Event storeSeries(String port, int repeats) {
        Event first = Events.linkDown(port, clock.instant());
        List<String> lines = new ArrayList<>();
        for (int count = 1; count <= repeats + 1; count++) {
            lines.add(EventJson.write(new StoredEvent("occ-" + port + "-" + count, 0L, first.withCount(count))));
        }
        store.append(lines);
        return first;
    }

    /** Delivers everything due, as a writer route does: next, deliver, commit, until nothing is due. */
    static List<Event> deliverDue(WriterFeed feed) {
        List<Event> delivered = new ArrayList<>();
        while (feed.hasWork()) {
            List<Event> batch = feed.next();
            if (batch.isEmpty()) {
                break;
            }
            delivered.addAll(batch);
            feed.commit();
        }
        return delivered;
    }

    @Test
    void startsANewWriterFromNow() {
        storeSeries("eth0", 0);
        WriterFeed feed = feed("venice", 100);

        storeSeries("eth1", 0);

        assertThat(deliverDue(feed)).extracting(Event::message).containsExactly("port eth1 down");
    }

    @Test
    void resumesAfterACrashFromWhereEverythingBeforeWasDelivered() {
        WriterFeed beforeCrash = feed("venice", 2);
        for (int i = 1; i <= 5; i++) {
            storeSeries("eth" + i, 0);
        }
        beforeCrash.next();
        beforeCrash.commit();
        beforeCrash.next(); // eth3, eth4 in flight when the process died

        WriterFeed afterRestart = feed("venice", 2);

        assertThat(deliverDue(afterRestart)).extracting(Event::message)
                .containsExactly("port eth3 down", "port eth4 down", "port eth5 down");
    }

    @Test
    void handsOutEveryStateAtOnceInStoreOrder() {
        WriterFeed feed = feed("venice", 100);
        Event series = storeSeries("eth1", 2);
        storeSeries("eth2", 0);

        List<Event> delivered = deliverDue(feed);

        assertThat(delivered).extracting(Event::message)
                .containsExactly("port eth1 down", "port eth1 down", "port eth1 down", "port eth2 down");
        assertThat(delivered.subList(0, 3)).extracting(Event::uuid).containsOnly(series.uuid());
        assertThat(delivered.subList(0, 3)).extracting(Event::count).containsExactly(1, 2, 3);
    }

    @Test
    void passesOverHeldStatesAndDeliversTheRestInOrder() {
        WriterFeed feed = feed("venice", 100);
        Event first = Events.linkDown("eth1", clock.instant());
        store.append(List.of(new StoredEvent("a", 0L, first),
                new StoredEvent("b", 0L, true, first.withCount(2)),
                new StoredEvent("c", 0L, true, first.withCount(3)),
                new StoredEvent("c", 0L, first.withCount(3))), false); // the aggregator released count 3

        assertThat(deliverDue(feed)).extracting(Event::count).containsExactly(1, 3);
        assertThat(feed.committedOffset()).isEqualTo(store.endOffset());
    }

    @Test
    void movesItsOffsetOverHeldStatesWhenThereIsNothingToDeliver() throws IOException {
        WriterFeed feed = feed("venice", 100);
        Event first = Events.linkDown("eth1", clock.instant());
        store.append(List.of(new StoredEvent("b", 0L, true, first.withCount(2)),
                new StoredEvent("c", 0L, true, first.withCount(3))), false);
        assertThat(feed.hasWork()).isTrue();

        assertThat(deliverDue(feed)).isEmpty();

        assertThat(feed.hasWork()).isFalse();
        assertThat(feed.hasPending()).isFalse();
        assertThat(feed.committedOffset()).isEqualTo(store.endOffset());
        assertThat(java.nio.file.Files.readString(dir.resolve("offsets/venice.offset")))
                .as("persisted: a restart does not read them again").isEqualTo(Long.toString(store.endOffset()));
    }

    @Test
    void aHeldStateAfterABatchAwaitingConfirmationIsConfirmedWithIt() {
        java.util.concurrent.atomic.AtomicReference<Instant> lastDrop = new java.util.concurrent.atomic.AtomicReference<>(Instant.MIN);
        WriterFeed feed = confirmingFeed("syslog", Duration.ofSeconds(2), lastDrop);
        long start = feed.committedOffset();
        Event first = storeSeries("eth1", 0);
        assertThat(deliverDue(feed)).hasSize(1);
        store.append(List.of(new StoredEvent("b", 0L, true, first.withCount(2))), false);

        assertThat(deliverDue(feed)).isEmpty();
        assertThat(feed.committedOffset()).as("eth1 is not confirmed yet, so neither is what follows").isEqualTo(start);

        clock.advance(Duration.ofSeconds(2));
        assertThat(feed.hasPending()).isFalse();
        assertThat(feed.committedOffset()).isEqualTo(store.endOffset());
    }

    @Test
    void givesTheSameBatchAgainUntilItIsCommitted() {
        WriterFeed feed = feed("syslog", 2);
        storeSeries("eth1", 0);
        storeSeries("eth2", 0);
        storeSeries("eth3", 0);

        List<Event> first = feed.next();
        List<Event> again = feed.next();
        feed.commit();
        List<Event> second = feed.next();

        assertThat(again).isEqualTo(first).hasSize(2);
        assertThat(second).extracting(Event::message).containsExactly("port eth3 down");
    }

    @Test
    void keepsTheStoreUntilEveryWriterHasPassedIt() throws IOException {
        try (EventStore small = new EventStore(dir.resolve("small"), 300, 10_000_000, WhenFull.REJECT, false)) {
            store = small;
            WriterFeed fast = feed("fast", 100);
            WriterFeed slow = feed("slow", 100);
            for (int i = 0; i < 10; i++) {
                storeSeries("eth" + i, 0);
            }

            deliverDue(fast);
            long keptWhileSlowBehind = small.retainedBytes();
            deliverDue(slow);

            assertThat(keptWhileSlowBehind).isGreaterThan(small.retainedBytes());
            assertThat(fast.committedOffset()).isEqualTo(slow.committedOffset()).isEqualTo(small.endOffset());
        }
    }

    /** A feed that counts a batch as delivered once {@code confirmAfter} passed without a reported drop. */
    WriterFeed confirmingFeed(String writer, Duration confirmAfter, java.util.concurrent.atomic.AtomicReference<Instant> lastDrop) {
        return new WriterFeed(writer, store, dir.resolve("offsets"), 100, clock, confirmAfter, lastDrop::get).open();
    }

    @Test
    void confirmsASentBatchOnlyOnceItsConnectionStayedUpLongEnough() {
        java.util.concurrent.atomic.AtomicReference<Instant> lastDrop = new java.util.concurrent.atomic.AtomicReference<>(Instant.MIN);
        WriterFeed feed = confirmingFeed("syslog", Duration.ofSeconds(2), lastDrop);
        long start = feed.committedOffset();
        storeSeries("eth1", 0);

        assertThat(deliverDue(feed)).hasSize(1);
        assertThat(feed.committedOffset()).as("sent, not yet confirmed").isEqualTo(start);
        assertThat(feed.hasPending()).isTrue();

        clock.advance(Duration.ofSeconds(2));
        assertThat(feed.hasWork()).isFalse();
        assertThat(feed.committedOffset()).as("confirmed after 2 s without a drop").isEqualTo(store.endOffset());
        assertThat(feed.hasPending()).isFalse();
    }

    @Test
    void countsTheConfirmationTimeFromWhenTheDestinationTookTheBatchNotFromWhenItWasHandedOut() {
        java.util.concurrent.atomic.AtomicReference<Instant> lastDrop = new java.util.concurrent.atomic.AtomicReference<>(Instant.MIN);
        WriterFeed feed = confirmingFeed("syslog", Duration.ofSeconds(2), lastDrop);
        long start = feed.committedOffset();
        storeSeries("eth1", 0);
        assertThat(feed.hasWork()).isTrue();
        assertThat(feed.next()).hasSize(1);

        // the send took long (retried while the collector was away, a slow TLS handshake), then went through
        clock.advance(Duration.ofSeconds(5));
        feed.commit();
        assertThat(feed.committedOffset()).as("just written: its connection has not stayed up yet").isEqualTo(start);

        clock.advance(Duration.ofMillis(100));
        lastDrop.set(clock.instant()); // the collector closed the connection right after taking the bytes
        assertThat(deliverDue(feed)).as("sent again").extracting(Event::message).containsExactly("port eth1 down");
        clock.advance(Duration.ofSeconds(2));
        assertThat(feed.hasWork()).isFalse();
        assertThat(feed.committedOffset()).isEqualTo(store.endOffset());
    }

    @Test
    void sendsEverythingUnconfirmedAgainWhenTheConnectionDrops() {
        java.util.concurrent.atomic.AtomicReference<Instant> lastDrop = new java.util.concurrent.atomic.AtomicReference<>(Instant.MIN);
        WriterFeed feed = confirmingFeed("syslog", Duration.ofSeconds(2), lastDrop);
        storeSeries("eth1", 0);
        storeSeries("eth2", 0);
        assertThat(deliverDue(feed)).hasSize(2);

        clock.advance(Duration.ofMillis(500));
        lastDrop.set(clock.instant()); // the collector went away: what sat in its socket buffer is lost
        storeSeries("eth3", 0);

        assertThat(deliverDue(feed)).extracting(Event::message)
                .containsExactly("port eth1 down", "port eth2 down", "port eth3 down");
        clock.advance(Duration.ofSeconds(2));
        assertThat(feed.hasWork()).isFalse();
        assertThat(feed.committedOffset()).isEqualTo(store.endOffset());
    }

    @Test
    void refusesToHandOutAnythingBeforeItIsOpened() {
        WriterFeed unopened = new WriterFeed("syslog", store, dir.resolve("offsets"), 100, clock);

        org.assertj.core.api.Assertions.assertThatThrownBy(unopened::next)
                .hasMessage("the feed of writer syslog is not open (is the writer enabled?)");
        assertThat(dir.resolve("offsets/syslog.offset")).as("a writer never opened leaves no offset").doesNotExist();
    }

    @Test
    void handsOutAFullBatchAtOnceAndAPartialOneOnlyOnceItsOldestEventWaitedTheBatchInterval() {
        WriterFeed feed = new WriterFeed("venice", store, dir.resolve("offsets"), 3, clock)
                .batchesWaitingAtMost(Duration.ofSeconds(1)).open();
        for (int i = 0; i < 5; i++) {
            storeSeries("eth" + i, 0);
        }

        assertThat(deliverDue(feed)).as("one full batch of 3; the other 2 wait").hasSize(3);
        assertThat(feed.hasWork()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(feed.hasWork()).isTrue();
        assertThat(deliverDue(feed)).extracting(Event::message).containsExactly("port eth3 down", "port eth4 down");
    }

    @Test
    void handsOutAPartialBatchAtOnceOnceDraining() {
        WriterFeed feed = new WriterFeed("venice", store, dir.resolve("offsets"), 3, clock)
                .batchesWaitingAtMost(Duration.ofSeconds(1)).open();
        storeSeries("eth1", 0);
        storeSeries("eth2", 0);
        assertThat(deliverDue(feed)).as("a partial batch waits").isEmpty();
        assertThat(feed.hasPending()).isTrue();

        feed.drainNow();

        assertThat(deliverDue(feed)).extracting(Event::message).containsExactly("port eth1 down", "port eth2 down");
        assertThat(feed.hasPending()).isFalse();
    }

    @Test
    void startsFromTheEndOfTheStoreWhenItsOffsetIsPastIt() throws IOException {
        storeSeries("eth1", 0);
        java.nio.file.Files.createDirectories(dir.resolve("offsets"));
        java.nio.file.Files.writeString(dir.resolve("offsets/venice.offset"), "999999");

        WriterFeed feed = feed("venice", 100);
        storeSeries("eth2", 0);

        assertThat(deliverDue(feed)).extracting(Event::message).containsExactly("port eth2 down");
    }

    @Test
    void goesOnFromTheOldestRetainedEventWhenTheStoreDeletedWhatItHadNotDeliveredWhileItWasNotEnabled()
            throws IOException {
        Path storeDir = dir.resolve("small");
        store.close(); // this test runs two stores of its own, one after the other, as two runs of the runner
        try (EventStore firstRun = new EventStore(storeDir, 300, 10_000_000, WhenFull.REJECT, false)) {
            store = firstRun;
            feed("venice", 100); // enabled in a first run: its offset file says 0
        }
        try (EventStore secondRun = new EventStore(storeDir, 300, 10_000_000, WhenFull.REJECT, false)) {
            store = secondRun; // a run with venice disabled: only the file writer reads the store
            WriterFeed file = feed("file", 100);
            for (int i = 0; i < 10; i++) {
                storeSeries("eth" + i, 0);
            }
            deliverDue(file); // the file writer passed every closed segment: the store deleted them
            assertThat(secondRun.firstOffset()).isPositive();

            long oldestRetained = secondRun.firstOffset();
            WriterFeed venice = feed("venice", 100); // enabled again
            storeSeries("eth10", 0);

            assertThat(venice.committedOffset()).isEqualTo(oldestRetained);
            assertThat(deliverDue(venice)).extracting(Event::message).as("what the store still holds, then the new")
                    .endsWith("port eth9 down", "port eth10 down")
                    .doesNotContain("port eth0 down");
        }
    }

    @Test
    void sendsEverythingRetainedAgainWhenItsOffsetFileIsUnreadable() throws IOException {
        storeSeries("eth1", 0);
        java.nio.file.Files.createDirectories(dir.resolve("offsets"));
        java.nio.file.Files.writeString(dir.resolve("offsets/venice.offset"), ""); // what a power cut can leave

        WriterFeed feed = feed("venice", 100);

        assertThat(deliverDue(feed)).extracting(Event::message).containsExactly("port eth1 down");
    }
}
