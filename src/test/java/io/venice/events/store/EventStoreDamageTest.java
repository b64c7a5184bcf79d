package io.venice.events.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.venice.events.json.EventJson;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Events;
import io.venice.events.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Damaged segment files, and appends the disk refuses: skipped and reported, never a refused start or a stuck reader. */
class EventStoreDamageTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    EventStore open() throws IOException {
        return new EventStore(dir, 1_000_000, 10_000_000, WhenFull.REJECT, false);
    }

    Path segment() {
        return dir.resolve("segment-00000000000000000000.jsonl");
    }

    static List<StoredEvent> events(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new StoredEvent("occ-" + i, 1000L + i,
                Events.linkDown("eth" + i, T0))).toList();
    }

    /** The occurrence of every good line from the start, as a writer reads them (batches of 3). */
    static List<String> readAll(EventStore store) {
        List<String> all = new ArrayList<>();
        long offset = store.firstOffset();
        while (offset < store.endOffset()) {
            EventStore.Read read = store.read(offset, 3);
            read.entries().forEach(e -> all.add(e.event().occurrence()));
            if (read.next() == offset) {
                break;
            }
            offset = read.next();
        }
        return all;
    }

    static List<String> occurrences(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "occ-" + i).toList();
    }

    List<String> retained(EventStore store) {
        List<String> seen = new ArrayList<>();
        store.forEachRetained(stored -> seen.add(stored.occurrence()));
        return seen;
    }

    void overwrite(long position, byte[] bytes) throws IOException {
        try (FileChannel file = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(bytes), position);
        }
    }

    @Test
    void eachLineOnDiskIsItsJsonATabAndTheCrc32cOfTheJsonInHex() throws IOException {
        StoredEvent event = events(0, 1).get(0);
        try (EventStore store = open()) {
            store.append(List.of(event), false);
        }
        String line = Files.readString(segment(), StandardCharsets.UTF_8);
        String json = EventJson.write(event);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(json.getBytes(StandardCharsets.UTF_8));

        assertThat(line).isEqualTo(json + "\t" + String.format("%08x", crc.getValue()) + "\n");
    }

    @Test
    void linesWrittenBeforeChecksumsExistedAreStillRead() throws IOException {
        Files.writeString(segment(), EventJson.write(events(0, 1).get(0)) + "\n" + EventJson.write(events(1, 2).get(0))
                + "\n", StandardCharsets.UTF_8);
        try (EventStore store = open()) {
            store.append(events(2, 3), false);

            assertThat(readAll(store)).containsExactlyElementsOf(occurrences(0, 3));
            assertThat(store.corruptLines()).isZero();
        }
    }

    @Test
    void aFlippedByteInALineIsSkippedWithAnErrorNamingFileAndOffsetAndCountedOnceForAllReaders() throws IOException {
        long second;
        try (EventStore store = open()) {
            store.append(events(0, 1), false);
            second = store.append(events(1, 2), false);
            store.append(events(2, 4), false);
        }
        String text = Files.readString(segment(), StandardCharsets.UTF_8);
        int count = text.indexOf("\"count\":1", (int) second);
        overwrite(count + "\"count\":".length(), "7".getBytes(StandardCharsets.US_ASCII)); // count 1 -> 7

        try (LogCapture log = LogCapture.start(); EventStore store = open()) {
            assertThat(retained(store)).as("at start").containsExactly("occ-0", "occ-2", "occ-3");
            assertThat(readAll(store)).as("a writer").containsExactly("occ-0", "occ-2", "occ-3");
            assertThat(readAll(store)).as("another writer").containsExactly("occ-0", "occ-2", "occ-3");

            assertThat(store.corruptLines()).isEqualTo(1);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR")).singleElement().asString()
                    .contains("skipped 1 damaged line", segment().toString(), "at offset " + second,
                            "its checksum does not match");
        }
    }

    @Test
    void sixtyFourRandomBytesInASegmentNeitherRefuseTheStartNorStopTheReaders() throws IOException {
        try (EventStore store = open()) {
            for (int i = 0; i < 20; i++) {
                store.append(events(i, i + 1), false);
            }
        }
        long size = Files.size(segment());
        byte[] garbage = new byte[64];
        new Random(42).nextBytes(garbage);
        garbage[10] = '\n'; // splits a line: both halves are damage
        overwrite(size / 2, garbage);

        try (LogCapture log = LogCapture.start(); EventStore store = open()) {
            List<String> atStart = retained(store);
            List<String> read = readAll(store);
            store.append(events(20, 21), false);

            assertThat(atStart).hasSizeBetween(17, 19).isSubsetOf(occurrences(0, 20));
            assertThat(read).isEqualTo(atStart);
            assertThat(readAll(store)).endsWith("occ-19", "occ-20");
            assertThat(store.corruptLines()).isBetween(1L, 3L);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR"))
                    .allSatisfy(l -> assertThat(l).contains(segment().toString(), "at offset "));
        }
    }

    @Test
    void bytesWithoutANewlineBeforeTheNextSegmentAreSkippedAndTheReaderGoesOnInTheNextSegment() throws IOException {
        try (EventStore store = new EventStore(dir, 800, 10_000_000, WhenFull.REJECT, false)) {
            for (int i = 0; i < 6; i++) {
                store.append(events(i, i + 1), false);
            }
        }
        List<Path> segments;
        try (var files = Files.list(dir)) {
            segments = files.sorted().toList();
        }
        assertThat(segments).hasSizeGreaterThan(1);
        Path first = segments.get(0);
        long size = Files.size(first);
        try (FileChannel file = FileChannel.open(first, StandardOpenOption.WRITE)) {
            file.truncate(size - 5); // the first segment's last line loses its end: shorter than its span
        }

        try (EventStore store = new EventStore(dir, 800, 10_000_000, WhenFull.REJECT, false)) {
            List<String> read = readAll(store);

            assertThat(read).hasSize(5).endsWith("occ-5");
            assertThat(store.corruptLines()).isEqualTo(1);
        }
    }

    @Test
    void lineStartTakesAnOffsetInsideALineBackToTheStartOfThatLine() throws IOException {
        try (EventStore store = open()) {
            store.append(events(0, 1), false);
            long second = store.append(events(1, 2), false);
            long third = store.append(events(2, 3), false);

            assertThat(store.lineStart(second + 17)).isEqualTo(second);
            assertThat(store.lineStart(third - 1)).isEqualTo(second);
            assertThat(store.lineStart(third)).isEqualTo(third);
            assertThat(store.lineStart(5)).isZero();
        }
    }

    @Test
    void appendsTheDiskRefusesAreLoggedOncePerEpisodeWithTheirCount() throws IOException {
        try (LogCapture log = LogCapture.start(); EventStore store = open()) {
            store.append(events(0, 1), false);
            store.beforeEachWrite(() -> {
                throw new UncheckedIOException(new IOException("No space left on device"));
            });
            for (int i = 1; i < 4; i++) {
                int from = i;
                assertThatThrownBy(() -> store.append(events(from, from + 1), false))
                        .hasMessageContaining("cannot append to the event store in " + dir);
            }
            store.beforeEachWrite(() -> { });
            store.append(events(4, 5), false);

            assertThat(readAll(store)).containsExactly("occ-0", "occ-4");
            assertThat(log.lines()).filteredOn(l -> l.contains("Event store: ")).containsExactly(
                    "ERROR Event store: cannot append to " + dir + " (java.io.UncheckedIOException: java.io.IOException: "
                            + "No space left on device); appends are refused (the senders are told to retry) until it "
                            + "can, nothing of them is kept (the store ends at offset " + store.read(0, 1).next()
                            + "); one line follows when appends work again",
                    "WARN Event store: appending to " + dir + " again; 3 appends (3 lines) were refused meanwhile "
                            + "(first cause: java.io.UncheckedIOException: java.io.IOException: No space left on device)");
        }
    }
}
