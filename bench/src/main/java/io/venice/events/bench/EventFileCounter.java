package io.venice.events.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The file writer's receiver for long runs: counts the JSON lines the runner's file writer appends to
 * {@code events-*.jsonl} in its folder (first occurrences, {@code count} 1, and updates), and keeps the folder
 * small. On each {@link #rotateAndCount()} every events file is renamed aside ({@code *.counted-N}); the writer
 * opens the file by name for each batch it appends, so the next batch starts a new file while a batch being
 * written goes on into the renamed one. A renamed file is counted up to its last complete line, the rest on a
 * later call, and deleted once fully counted and untouched for {@link #SETTLED_MILLIS}. Without this a soak
 * would leave about 600 bytes per event on the disk (14 GB for 20 minutes at 20,000 events/s).
 * <p>
 * Finds {@code "uuid":"} (the first, in {@code meta}) and the last {@code "count":} of each line by scanning the
 * bytes, as {@link CountingHttpReceiver} does. Not thread-safe: one caller.
 */
final class EventFileCounter {

    /** A renamed file not modified for this long gets no more bytes: the writer's batch into it ended. */
    static final long SETTLED_MILLIS = 5_000;

    private static final byte[] UUID = "\"uuid\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNT = "\"count\":".getBytes(StandardCharsets.US_ASCII);

    private final Path dir;
    private final Map<Path, Long> counted = new LinkedHashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private long rotations;
    private long lines;
    private long firsts;
    private long updates;
    private long malformed;
    private long bytes;

    EventFileCounter(Path dir) {
        this.dir = dir;
    }

    /** Counts what the renamed files got since the last call, deletes the settled ones, renames the live ones. */
    ReceiverCounts rotateAndCount() throws IOException {
        countRenamed(true);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> live = Files.newDirectoryStream(dir, "events-*.jsonl")) {
                for (Path file : live) {
                    Path aside = file.resolveSibling(file.getFileName() + ".counted-" + ++rotations);
                    Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                    counted.put(aside, 0L);
                }
            }
        }
        countRenamed(false);
        return counts();
    }

    /** Once the runner has stopped: counts every byte left, the live files included, and deletes them all. */
    ReceiverCounts finish() throws IOException {
        rotateAndCount();
        countRenamed(false);
        for (Path file : counted.keySet()) {
            Files.deleteIfExists(file);
        }
        counted.clear();
        return counts();
    }

    /** What has been counted so far (no CPU or arrival time: the runner writes these files, not a receiver). */
    ReceiverCounts counts() {
        return new ReceiverCounts(lines, lines, firsts, updates, bytes, malformed, 0, 0);
    }

    private void countRenamed(boolean deleteSettled) throws IOException {
        var it = counted.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Path, Long> entry = it.next();
            Path file = entry.getKey();
            long size = Files.size(file);
            long offset = entry.getValue();
            if (size > offset) {
                offset = countFrom(file, offset);
                entry.setValue(offset);
            }
            long quietMillis = System.currentTimeMillis() - Files.getLastModifiedTime(file).to(TimeUnit.MILLISECONDS);
            if (deleteSettled && offset == Files.size(file) && quietMillis > SETTLED_MILLIS) {
                Files.delete(file);
                it.remove();
            }
        }
    }

    /** Counts the complete lines from {@code offset}; returns the offset after the last one. */
    private long countFrom(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            buffer.clear();
            long lineStartOffset = offset;
            while (channel.read(buffer) > 0) {
                buffer.flip();
                byte[] buf = buffer.array();
                int start = 0;
                for (int i = 0; i < buffer.limit(); i++) {
                    if (buf[i] == '\n') {
                        line(buf, start, i);
                        lineStartOffset += i + 1 - start;
                        start = i + 1;
                    }
                }
                if (start == 0 && buffer.limit() == buffer.capacity()) {
                    throw new IOException(file + ": a line longer than " + buffer.capacity() + " bytes at " + lineStartOffset);
                }
                buffer.position(start);
                buffer.compact();
            }
            return lineStartOffset;
        }
    }

    private void line(byte[] buf, int from, int to) {
        lines++;
        bytes += to - from + 1;
        int uuidAt = PipeliningClients.indexOf(buf, from, to, UUID);
        int countAt = lastIndexOf(buf, from, to, COUNT);
        if (uuidAt < 0 || countAt < 0) {
            malformed++;
            return;
        }
        long count = 0;
        for (int i = countAt + COUNT.length; i < to && buf[i] >= '0' && buf[i] <= '9'; i++) {
            count = count * 10 + (buf[i] - '0');
        }
        if (count == 1) {
            firsts++;
        } else if (count > 1) {
            updates++;
        } else {
            malformed++;
        }
    }

    private static int lastIndexOf(byte[] buf, int from, int to, byte[] needle) {
        outer:
        for (int i = to - needle.length; i >= from; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
