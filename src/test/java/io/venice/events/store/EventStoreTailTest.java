package io.venice.events.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.venice.events.json.EventJson;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The parsed tail: a reader that keeps up gets the appended objects; one further behind reads the file. */
class EventStoreTailTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    EventStore open() throws IOException {
        return new EventStore(dir, 1_000_000, 100_000_000, WhenFull.REJECT, false);
    }

    static List<StoredEvent> events(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> new StoredEvent("occ-" + i, i, Events.linkDown("eth" + i, T0)))
                .toList();
    }

    /** Every entry from {@code from} to the end, read {@code batch} at a time as a writer does. */
    static List<EventStore.Entry> readAll(EventStore store, long from, int batch) {
        List<EventStore.Entry> all = new ArrayList<>();
        long offset = from;
        while (true) {
            EventStore.Read read = store.read(offset, batch);
            if (read.entries().isEmpty()) {
                return all;
            }
            all.addAll(read.entries());
            offset = read.entries().get(read.entries().size() - 1).nextOffset();
        }
    }

    @Test
    void aReaderThatKeepsUpGetsTheAppendedObjectsWithoutReadingTheFile() throws IOException {
        try (EventStore store = open()) {
            List<StoredEvent> appended = events(0, 10);
            long first = store.append(appended, false);

            List<EventStore.Entry> read = store.read(first, 100).entries();

            assertThat(read).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(read.get(i).event()).as("entry %d: the very object appended", i).isSameAs(appended.get(i));
            }
            assertThat(read.get(0).offset()).isEqualTo(first);
            assertThat(read.get(9).nextOffset()).isEqualTo(store.endOffset());
            assertThat(store.stats().fileReads()).isZero();
        }
    }

    @Test
    void aLineAppendedAsTextIsParsedOnceThenServedFromMemory() throws IOException {
        try (EventStore store = open()) {
            StoredEvent event = events(0, 1).get(0);
            long first = store.append(List.of(EventJson.write(event)));

            StoredEvent once = store.read(first, 1).entries().get(0).event();
            StoredEvent again = store.read(first, 1).entries().get(0).event();

            assertThat(once).isEqualTo(event);
            assertThat(again).as("parsed once, kept").isSameAs(once);
            assertThat(store.stats().fileReads()).isZero();
        }
    }

    @Test
    void aReaderBehindTheTailReadsTheFileUpToTheTailThenGetsTheObjects() throws IOException {
        try (EventStore store = open()) {
            int total = EventStore.TAIL_ENTRIES + 300;
            List<StoredEvent> appended = new ArrayList<>();
            for (int from = 0; from < total; from += 1000) {
                List<StoredEvent> some = events(from, Math.min(total, from + 1000));
                store.append(some, false);
                appended.addAll(some);
            }

            List<EventStore.Entry> read = readAll(store, 0, 500);

            assertThat(read).extracting(EventStore.Entry::event).containsExactlyElementsOf(appended);
            assertThat(read.get(0).event()).as("the oldest lines are parsed from the file").isNotSameAs(appended.get(0));
            assertThat(store.stats().fileReads()).as("300 lines from the file: one read of 500 stopping at the tail")
                    .isEqualTo(1);
            assertThat(read.get(total - 1).event()).isSameAs(appended.get(total - 1));
            assertThat(read.get(300).event()).as("the oldest line in the tail").isSameAs(appended.get(300));
        }
    }

    @Test
    void afterARestartTheStoreReadsFromTheFilesAndStartupReadsBackEveryLine() throws IOException {
        List<StoredEvent> appended = events(0, 5);
        try (EventStore store = open()) {
            store.append(appended, false);
        }
        try (EventStore reopened = open()) {
            List<StoredEvent> lines = new ArrayList<>();
            reopened.forEachRetained(lines::add);

            assertThat(readAll(reopened, 0, 100)).extracting(EventStore.Entry::event).containsExactlyElementsOf(appended);
            assertThat(reopened.stats().fileReads()).isEqualTo(1);
            assertThat(lines).containsExactlyElementsOf(appended);
        }
    }
}
