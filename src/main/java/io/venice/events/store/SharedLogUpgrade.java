package io.venice.events.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data folder of a version whose writers read the intake log ({@code store:events}) themselves, before each had
 * a log of its own fed by the fan-out: the fan-out's reader starts where the slowest of those writers was, so
 * nothing any of them had still to deliver is skipped, and their old offsets (positions in the intake log) are
 * removed, so that their readers start at the beginning of their new logs. A writer that was ahead of the slowest
 * gets the events in between once more (upserts with the same counts). Run before any reader opens.
 */
public final class SharedLogUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(SharedLogUpgrade.class);

    private SharedLogUpgrade() {
    }

    /**
     * @param offsetDir the readers' offsets ({@code <store.dir>/offsets})
     * @param logsDir   where the writers' logs live ({@code <store.dir>/logs}); its existence means upgraded
     * @param fanOut    the fan-out's reader name
     * @param writers   the reader names the writers had in the intake log
     */
    public static void run(Path offsetDir, Path logsDir, String fanOut, List<String> writers) throws IOException {
        Path fanOutOffset = offsetDir.resolve(fanOut + ".offset");
        if (Files.exists(logsDir) || Files.exists(fanOutOffset)) {
            return;
        }
        OptionalLong slowest = OptionalLong.empty();
        for (String writer : writers) {
            Path offset = offsetDir.resolve(writer + ".offset");
            if (Files.exists(offset)) {
                long at = WriterFeed.parseOffset(Files.readAllBytes(offset));
                long from = at < 0 ? 0 : at; // a damaged offset: from the oldest retained event, as the writer would
                slowest = OptionalLong.of(slowest.isPresent() ? Math.min(slowest.getAsLong(), from) : from);
            }
        }
        if (slowest.isEmpty()) {
            return;
        }
        Path temporary = offsetDir.resolve(fanOut + ".offset.tmp");
        Files.writeString(temporary, Long.toString(slowest.getAsLong()), StandardCharsets.UTF_8);
        Files.move(temporary, fanOutOffset, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String writer : writers) {
            Files.deleteIfExists(offsetDir.resolve(writer + ".offset"));
        }
        LOG.warn("Event store: upgraded to one log per writer; the fan-out starts at offset {} of the intake log, "
                + "where the slowest writer was (writers that were further on get the events in between again)",
                slowest.getAsLong());
    }
}
