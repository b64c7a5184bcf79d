package io.venice.events.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import io.venice.events.model.Event;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Events;
import io.venice.events.testing.LogCapture;
import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A writer whose offset file or store lines are damaged: it never stalls, and never skips acknowledged events silently. */
class WriterFeedDamageTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(T0);
    EventStore store;

    @BeforeEach
    void open() throws IOException {
        store = new EventStore(dir.resolve("store"), 1_000_000, 10_000_000, WhenFull.REJECT, false);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    long storeEvent(String port) {
        return store.append(List.of(new StoredEvent("occ-" + port, 0L, Events.linkDown(port, clock.instant()))), false);
    }

    WriterFeed feed() {
        return new WriterFeed("file", store, dir.resolve("offsets"), 100, clock).open();
    }

    void offsetFile(byte[] bytes) throws IOException {
        Files.createDirectories(dir.resolve("offsets"));
        Files.write(dir.resolve("offsets/file.offset"), bytes);
    }

    @Test
    void anOffsetFileOfBinaryGarbageStartsFromTheOldestRetainedEventAndSaysSo() throws IOException {
        storeEvent("eth1");
        storeEvent("eth2");
        offsetFile(new byte[] {0x01, 0x02, (byte) 0xFF});

        try (LogCapture log = LogCapture.start()) {
            WriterFeed feed = feed();

            assertThat(WriterFeedTest.deliverDue(feed)).extracting(Event::message)
                    .containsExactly("port eth1 down", "port eth2 down");
            assertThat(log.lines()).contains("ERROR Writer file: its offset file " + dir.resolve("offsets/file.offset")
                    + " does not hold an offset (3 bytes: '\\x01\\x02\\xFF'); it starts from the oldest event the store "
                    + "holds, offset 0, and sends again everything retained rather than skip any of it");
        }
    }

    @Test
    void anOffsetThatFallsInsideALineGoesBackToTheStartOfThatLine() throws IOException {
        storeEvent("eth1");
        long second = storeEvent("eth2");
        storeEvent("eth3");
        offsetFile(Long.toString(second + 40).getBytes(StandardCharsets.US_ASCII));

        try (LogCapture log = LogCapture.start()) {
            WriterFeed feed = feed();

            assertThat(WriterFeedTest.deliverDue(feed)).extracting(Event::message)
                    .containsExactly("port eth2 down", "port eth3 down");
            assertThat(feed.committedOffset()).isEqualTo(store.endOffset());
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("ERROR Writer file: its offset "
                    + (second + 40)).contains("falls inside a stored line", "offset " + second));
        }
    }

    @Test
    void aDamagedLineIsPassedOverAndTheWriterDeliversWhatFollows() throws IOException {
        WriterFeed feed = feed();
        storeEvent("eth1");
        long second = storeEvent("eth2");
        storeEvent("eth3");
        try (FileChannel file = FileChannel.open(dir.resolve("store/segment-00000000000000000000.jsonl"),
                StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap("XXXX".getBytes(StandardCharsets.US_ASCII)), second + 30);
        }
        store.close();
        store = new EventStore(dir.resolve("store"), 1_000_000, 10_000_000, WhenFull.REJECT, false); // read from the file
        feed = feed();

        assertThat(WriterFeedTest.deliverDue(feed)).extracting(Event::message)
                .containsExactly("port eth1 down", "port eth3 down");
        assertThat(feed.hasWork()).as("not stuck on the damaged line").isFalse();
        assertThat(store.corruptLines()).isEqualTo(1);
    }
}
