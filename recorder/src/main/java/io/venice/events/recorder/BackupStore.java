package io.venice.events.recorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's backup: events the proxy did not take, as JSON lines you can read with {@code cat}.
 * New lines are appended (through Camel's file producer) to the live file {@code <dir>/<component>.jsonl};
 * {@link #rotate()} moves it into {@code <dir>/<component>.bak/}, named so that name order is record order,
 * where the replay route picks files up oldest first. Not thread-safe: the recorder serialises access.
 */
final class BackupStore {

    private static final Logger LOG = LoggerFactory.getLogger(BackupStore.class);
    private static final DateTimeFormatter ROTATED_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

    private final ProducerTemplate files;
    private final Path liveFile;
    private final Path replayDir;
    private final String appendUri;
    private final String baseName;
    private final long maxBytes;
    private final Clock clock;
    private final AtomicLong dropped = new AtomicLong();
    private long bytes;
    private long rotations;

    BackupStore(ProducerTemplate files, Path dir, String component, long maxBytes, Clock clock) {
        this.baseName = component.replaceAll("[^A-Za-z0-9._-]", "_");
        this.files = files;
        this.liveFile = dir.resolve(baseName + ".jsonl");
        this.replayDir = dir.resolve(baseName + ".bak");
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.appendUri = "file:" + dir.toAbsolutePath() + "?fileName=" + baseName + ".jsonl&fileExist=Append&charset=UTF-8";
        try {
            Files.createDirectories(replayDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("backup directory " + dir + " cannot be created: " + e.getMessage(), e);
        }
        this.bytes = measure();
    }

    /** Creates the file endpoint the first backup needs, so that it is not made in a caller's thread. */
    void warmUp() {
        files.getCamelContext().getEndpoint(appendUri);
    }

    /** Checks a backup directory before use: it must be a directory, or creatable, and writable. */
    static void check(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("backup directory " + dir + " is not a directory (a file is in the way)");
        }
        if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
            throw new IllegalArgumentException("backup directory " + dir + " is not writable");
        }
    }

    Path replayDir() {
        return replayDir;
    }

    /** Appends events (JSON lines) after everything already backed up, first dropping the oldest backlog past the limit. */
    void append(List<String> lines) {
        StringBuilder body = new StringBuilder();
        lines.forEach(line -> body.append(line).append('\n'));
        long size = body.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes + size > maxBytes) {
            makeRoom(size);
        }
        files.sendBodyAndHeader(appendUri, body.toString(), Exchange.FILE_NAME, baseName + ".jsonl");
        bytes += size;
    }

    /** Moves the live file behind the files waiting for replay; false when there was nothing to move. */
    boolean rotate() {
        try {
            if (!Files.exists(liveFile) || Files.size(liveFile) == 0) {
                return false;
            }
            String name = String.format("%s.%s.%06d.jsonl", baseName, ROTATED_STAMP.format(clock.instant()), rotations++ % 1_000_000);
            Files.move(liveFile, replayDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException e) {
            return false; // another recorder on this folder (one of a process that died) moved it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + liveFile, e);
        }
    }

    boolean hasLiveEvents() {
        try {
            return Files.exists(liveFile) && Files.size(liveFile) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    boolean hasFilesToReplay() {
        return !replayFiles().isEmpty();
    }

    boolean isEmpty() {
        return !hasLiveEvents() && !hasFilesToReplay();
    }

    /** Events dropped because the backup reached its size limit. */
    long dropped() {
        return dropped.get();
    }

    /** Drops the oldest backed-up events, whole files at a time, until {@code needed} more bytes fit. */
    private void makeRoom(long needed) {
        bytes = measure();
        while (bytes + needed > maxBytes) {
            List<Path> waiting = replayFiles();
            if (waiting.isEmpty() && !rotate()) {
                return;
            }
            Path oldest = waiting.isEmpty() ? replayFiles().get(0) : waiting.get(0);
            long lines = countLines(oldest);
            try {
                Files.deleteIfExists(oldest);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot drop " + oldest, e);
            }
            dropped.addAndGet(lines);
            LOG.error("Backup over its limit of {} bytes: dropped the oldest {} events ({}); {} dropped in all",
                    maxBytes, lines, oldest.getFileName(), dropped.get());
            bytes = measure();
        }
    }

    private List<Path> replayFiles() {
        try (Stream<Path> listing = Files.list(replayDir)) {
            return listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private long measure() {
        long total = 0;
        for (Path file : Stream.concat(Stream.of(liveFile), replayFiles().stream()).toList()) {
            try {
                total += Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                // deleted by the replay meanwhile
            }
        }
        return total;
    }

    private static long countLines(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
