package io.venice.events.writers;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dead letters waiting in {@code ${data.dir}/dead-letter/<writer>/} (one file each, see {@link DeadLetters}),
 * counted when asked (a scrape, a {@code GET /status}), not as they are written: {@code replay-dead-letters}, another
 * process, deletes them. Bounded: one listing of the folder at most every {@link #REFRESH} per writer (the count in
 * between is the last one), stopping at {@value #MAX} files. Thread-safe.
 */
public final class DeadLetterCount {

    /** The count stops here: a folder with more shows this many (the metric then reads "at least"). */
    public static final int MAX = 100_000;
    /** How long a count is reused before the folder is listed again. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private record Counted(long files, Instant at) {
    }

    private final Path root;
    private final Clock clock;
    private final Map<String, Counted> counts = new ConcurrentHashMap<>();

    public DeadLetterCount(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** The dead letters of {@code writer} waiting (at most {@value #MAX}); -1 when its folder cannot be listed. */
    public long of(String writer) {
        Instant now = clock.instant();
        Counted last = counts.get(writer);
        if (last != null && now.isBefore(last.at().plus(REFRESH))) {
            return last.files();
        }
        long files = count(root.resolve(writer));
        counts.put(writer, new Counted(files, now));
        return files;
    }

    private static long count(Path dir) {
        long files = 0;
        try (DirectoryStream<Path> letters = Files.newDirectoryStream(dir, "*.json")) {
            for (Path ignored : letters) {
                if (++files >= MAX) {
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            return 0; // none was ever written
        } catch (IOException | RuntimeException e) {
            return -1; // not a folder, or not readable: the gauge shows -1 rather than a count it does not have
        }
        return files;
    }
}
