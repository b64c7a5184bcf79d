package io.venice.events.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.venice.events.store.EventStore.WhenFull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStoreTest {

    @TempDir
    Path dir;

    /**
     * Stored lines {@code {"occurrence":"<i>","event":{}}} for i in [from, to): on disk with their checksum and
     * newline, 39 bytes each below 10, 40 up to 99.
     */
    static List<String> lines(int from, int to) {
        return occurrences(from, to).stream().map(EventStoreTest::line).toList();
    }

    static String line(String occurrence) {
        return "{\"occurrence\":\"" + occurrence + "\",\"event\":{}}";
    }

    static List<String> occurrences(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).toList();
    }

    /** The occurrence of every line from {@code from} on, as a writer reads them. */
    static List<String> readAll(EventStore store, long from) {
        List<String> all = new ArrayList<>();
        long offset = from;
        while (true) {
            EventStore.Read read = store.read(offset, 7);
            if (read.entries().isEmpty()) {
                return all;
            }
            read.entries().forEach(e -> all.add(e.event().occurrence()));
            offset = read.entries().get(read.entries().size() - 1).nextOffset();
        }
    }

    long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void readsBackWhatWasAppendedAcrossSegmentsAndRestarts() throws IOException {
        try (EventStore store = new EventStore(dir, 200, 1_000_000, WhenFull.REJECT, false)) {
            store.append(lines(0, 20));
            store.append(lines(20, 30));
        }
        try (EventStore reopened = new EventStore(dir, 200, 1_000_000, WhenFull.REJECT, false)) {
            reopened.append(lines(30, 40));

            assertThat(readAll(reopened, 0)).containsExactlyElementsOf(occurrences(0, 40));
            assertThat(segmentFiles()).isGreaterThan(1);
        }
    }

    @Test
    void startsANewReaderAtTheEndAndResumesAReaderFromItsOffset() throws IOException {
        try (EventStore store = new EventStore(dir, 1000, 1_000_000, WhenFull.REJECT, false)) {
            long first = store.append(lines(0, 5));
            long middle = store.append(lines(5, 10));
            long end = store.endOffset();

            assertThat(first).as("an append returns the offset of its first line").isZero();
            assertThat(readAll(store, end)).isEmpty();
            assertThat(readAll(store, middle)).containsExactlyElementsOf(occurrences(5, 10));
        }
    }

    @Test
    void cutsALineACrashLeftHalfWritten() throws IOException {
        try (EventStore store = new EventStore(dir, 1000, 1_000_000, WhenFull.REJECT, false)) {
            store.append(lines(0, 3));
        }
        Files.writeString(dir.resolve("segment-00000000000000000000.jsonl"), "{\"occurrence\":\"3\",\"ev", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (EventStore reopened = new EventStore(dir, 1000, 1_000_000, WhenFull.REJECT, false)) {
            reopened.append(lines(3, 4));

            assertThat(readAll(reopened, 0)).containsExactlyElementsOf(occurrences(0, 4));
        }
    }

    @Test
    void refusesAppendsWhenFullUntilReadersHavePassedTheOldestSegment() throws IOException {
        try (EventStore store = new EventStore(dir, 300, 780, WhenFull.REJECT, false)) {
            store.append(lines(0, 5));
            long afterFirst = store.append(lines(5, 10));

            assertThatThrownBy(() -> store.append(lines(10, 20)))
                    .isInstanceOf(StoreFullException.class)
                    .hasMessageContaining("event store full");

            store.trimBefore(afterFirst);
            store.append(lines(10, 12));
            assertThat(readAll(store, 0)).containsExactlyElementsOf(occurrences(5, 12));
            assertThat(store.dropped()).isZero();
        }
    }

    @Test
    void dropsTheOldestSegmentWhenFullIfToldToAndCountsWhatItDropped() throws IOException {
        try (EventStore store = new EventStore(dir, 300, 500, WhenFull.DROP_OLDEST, false)) {
            java.util.Map<String, Long> lost = new java.util.HashMap<>();
            store.onDropped((reader, events) -> lost.merge(reader, events, Long::sum));
            store.registerReader("behind", 0);
            store.append(lines(0, 2));
            long third = store.append(lines(2, 5));
            store.registerReader("midway", third);
            store.append(lines(5, 10));
            store.append(lines(10, 15));

            assertThat(store.dropped()).isEqualTo(5);
            assertThat(lost).as("events each reader had not read yet").containsExactlyInAnyOrderEntriesOf(
                    java.util.Map.of("behind", 5L, "midway", 3L));
            assertThat(store.read(0, 100).skipped()).as("a reader at 0 learns its events were dropped").isTrue();
            assertThat(readAll(store, 0)).containsExactlyElementsOf(occurrences(5, 15));
        }
    }

    @Test
    void refusesAnAppendLargerThanTheWholeStore() throws IOException {
        try (EventStore store = new EventStore(dir, 60, 20, WhenFull.DROP_OLDEST, false)) {
            assertThatThrownBy(() -> store.append(lines(0, 10)))
                    .isInstanceOf(StoreFullException.class)
                    .hasMessageContaining("larger than store.max-bytes=20");
        }
    }

    @Test
    void readsBackALineLongerThanOneReadChunkWithForcedWrites() throws IOException {
        String longOccurrence = "x".repeat(600_000); // the store reads 256 KiB at a time
        try (EventStore store = new EventStore(dir, 8_000_000, 16_000_000, WhenFull.REJECT, true)) {
            store.append(List.of(line("0"), line(longOccurrence), line("2")));
        }
        try (EventStore reopened = new EventStore(dir, 8_000_000, 16_000_000, WhenFull.REJECT, true)) {
            assertThat(readAll(reopened, 0)).as("read from the file").containsExactly("0", longOccurrence, "2");
        }
    }
}
