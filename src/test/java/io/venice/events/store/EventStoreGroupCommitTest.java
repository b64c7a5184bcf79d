package io.venice.events.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Appends from concurrent threads: one file write for those that come together, each caller told its own outcome. */
class EventStoreGroupCommitTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Stored lines {@code {"occurrence":"<thread>-<i>"}} for i in [0, count). */
    static List<String> linesOf(String thread, int count) {
        return occurrencesOf(thread, count).stream().map(EventStoreGroupCommitTest::line).toList();
    }

    static List<String> occurrencesOf(String thread, int count) {
        return IntStream.range(0, count).mapToObj(i -> thread + "-" + i).toList();
    }

    static String line(String occurrence) {
        return EventStoreTest.line(occurrence);
    }

    static String occurrence(EventStore.Entry entry) {
        return entry.event().occurrence();
    }

    static List<EventStore.Entry> readAll(EventStore store) {
        List<EventStore.Entry> all = new ArrayList<>();
        long offset = store.firstOffset();
        while (true) {
            EventStore.Read read = store.read(offset, 100);
            if (read.entries().isEmpty()) {
                return all;
            }
            all.addAll(read.entries());
            offset = read.entries().get(read.entries().size() - 1).nextOffset();
        }
    }

    /** Holds the store's first file write until released: the appends arriving meanwhile queue up behind it. */
    static final class HeldWrite {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HeldWrite(EventStore store) {
            AtomicBoolean first = new AtomicBoolean(true);
            store.beforeEachWrite(() -> {
                if (first.getAndSet(false)) {
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }

        void awaitWriting() throws InterruptedException {
            assertThat(writing.await(10, TimeUnit.SECONDS)).as("the first write started").isTrue();
        }
    }

    @Test
    void appendsThatArriveWhileOneIsBeingWrittenGoOutInOneWriteEachWithItsOwnFirstOffset() throws Exception {
        try (EventStore store = new EventStore(dir, 1_000_000, 10_000_000, WhenFull.REJECT, false)) {
            HeldWrite held = new HeldWrite(store);
            Future<Long> leader = threads.submit(() -> store.append(linesOf("leader", 1)));
            held.awaitWriting();
            Map<String, Future<Long>> followers = new ConcurrentHashMap<>();
            for (int t = 0; t < 8; t++) {
                String name = "follower" + t;
                followers.put(name, threads.submit(() -> store.append(linesOf(name, 3))));
            }
            Await.until(WAIT, () -> store.queued() == 8, () -> store.queued() + " of 8 appends queued");

            held.release.countDown();

            assertThat(leader.get(10, TimeUnit.SECONDS)).isZero();
            Map<String, Long> told = new java.util.HashMap<>();
            for (Map.Entry<String, Future<Long>> follower : followers.entrySet()) {
                told.put(follower.getKey(), follower.getValue().get(10, TimeUnit.SECONDS));
            }
            assertThat(readAll(store)).hasSize(1 + 8 * 3);
            for (Map.Entry<String, Long> follower : told.entrySet()) {
                long first = follower.getValue();
                assertThat(store.read(first, 3).entries()).extracting(EventStoreGroupCommitTest::occurrence)
                        .as("the lines at the offset %s was told", follower.getKey())
                        .containsExactlyElementsOf(occurrencesOf(follower.getKey(), 3));
            }
            assertThat(store.stats()).as("the leader's write, then one write for the 8 that queued meanwhile")
                    .isEqualTo(new EventStore.Stats(9, 2, 0));
        }
    }

    @Test
    void manyThreadsAppendingAtOnceStoreEveryLineExactlyOnceAcrossSegmentRolls() throws Exception {
        try (EventStore store = new EventStore(dir, 4096, 100_000_000, WhenFull.REJECT, false)) {
            List<Future<List<Long>>> callers = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < 8; t++) {
                String thread = "t" + t;
                callers.add(threads.submit(() -> {
                    start.await();
                    List<Long> offsets = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        offsets.add(store.append(List.of(line(thread + "-" + i), line(thread + "-" + i + "-second"))));
                    }
                    return offsets;
                }));
            }
            start.countDown();

            List<String> expected = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<Long> offsets = callers.get(t).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < offsets.size(); i++) {
                    String first = "t" + t + "-" + i;
                    expected.add(first);
                    expected.add(first + "-second");
                    assertThat(store.read(offsets.get(i), 1).entries()).extracting(EventStoreGroupCommitTest::occurrence)
                            .containsExactly(first);
                }
            }
            List<String> stored = readAll(store).stream().map(EventStoreGroupCommitTest::occurrence).toList();
            assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(store.stats().appends()).isEqualTo(2400);
            assertThat(store.stats().writes()).isLessThanOrEqualTo(2400);
        }
    }

    @Test
    void anAppendWithoutRoomFailsAloneWhileTheOthersOfItsGroupAreStored() throws Exception {
        try (EventStore store = new EventStore(dir, 1_000_000, 900, WhenFull.REJECT, false)) {
            store.append(linesOf("before", 10)); // 460 of 900 bytes
            long leaderAt = store.endOffset();
            HeldWrite held = new HeldWrite(store);
            Future<Long> leader = threads.submit(() -> store.append(linesOf("leader", 1))); // 46 bytes
            held.awaitWriting();
            Future<Long> tooBig = threads.submit(() -> store.append(linesOf("big", 10))); // 430 bytes: no room
            Await.until(WAIT, () -> store.queued() == 1);
            Future<Long> small = threads.submit(() -> store.append(linesOf("small", 2))); // 90 bytes: room
            Await.until(WAIT, () -> store.queued() == 2);

            held.release.countDown();

            assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo(leaderAt);
            assertThatThrownBy(() -> tooBig.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreFullException.class)
                    .hasMessageContaining("event store full");
            long smallAt = small.get(10, TimeUnit.SECONDS);
            assertThat(readAll(store)).extracting(EventStoreGroupCommitTest::occurrence).containsExactlyElementsOf(
                    concat(occurrencesOf("before", 10), concat(occurrencesOf("leader", 1), occurrencesOf("small", 2))));
            assertThat(store.stats().writes()).as("before, leader, then big and small together").isEqualTo(3);
            assertThat(store.read(smallAt, 1).entries()).extracting(EventStoreGroupCommitTest::occurrence)
                    .containsExactly("small-0");
        }
    }

    @Test
    void dropOldestWithinAGroupKeepsOffsetsAndContentsConsistent() throws Exception {
        try (EventStore store = new EventStore(dir, 300, 1000, WhenFull.DROP_OLDEST, false)) {
            List<Future<List<Long>>> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String thread = "t" + t;
                callers.add(threads.submit(() -> {
                    List<Long> offsets = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        offsets.add(store.append(List.of(line(thread + "-" + i))));
                    }
                    return offsets;
                }));
            }
            Map<Long, String> told = new java.util.TreeMap<>();
            for (int t = 0; t < 4; t++) {
                List<Long> offsets = callers.get(t).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < offsets.size(); i++) {
                    assertThat(told.put(offsets.get(i), "t" + t + "-" + i))
                            .as("two appends told the same offset").isNull();
                }
            }

            List<EventStore.Entry> retained = readAll(store);
            assertThat(store.retainedBytes()).isLessThanOrEqualTo(1000);
            assertThat(retained).isNotEmpty();
            long offset = store.firstOffset();
            for (EventStore.Entry entry : retained) {
                assertThat(occurrence(entry)).as("the line at offset %d", offset).isEqualTo(told.get(offset));
                offset = entry.nextOffset();
            }
            assertThat(store.dropped() + retained.size()).isEqualTo(800);
        }
    }

    @Test
    void aReservedAppendPassesAFullStoreAndAnOrdinaryOneIsStillRefused() throws IOException {
        try (EventStore store = new EventStore(dir, 1_000_000, 200, WhenFull.REJECT, false)) {
            store.append(linesOf("before", 4)); // 104 bytes
            assertThatThrownBy(() -> store.append(linesOf("refused", 4))).isInstanceOf(StoreFullException.class);

            StoredEvent released = new StoredEvent("o", 0L, null);
            long at = store.append(Collections.nCopies(5, released), true); // 200 bytes

            assertThat(store.retainedBytes()).as("past max-bytes").isGreaterThan(200);
            assertThat(store.read(at, 10).entries()).hasSize(5);
            assertThatThrownBy(() -> store.append(linesOf("refused", 1))).isInstanceOf(StoreFullException.class);
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
