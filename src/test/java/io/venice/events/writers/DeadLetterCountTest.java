package io.venice.events.writers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The dead letters waiting per writer, counted when scraped, at most once every few seconds. */
class DeadLetterCountTest {

    @TempDir
    Path root;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

    @Test
    void countsTheDeadLetterFilesOfEachWriterAndNoneForAWriterThatNeverHadOne() throws IOException {
        DeadLetters letters = new DeadLetters(root, clock);
        letters.store("venice", 400, "bad", "{\"kind\":\"EventList\",\"items\":[]}");
        letters.store("venice", 400, "bad", "{\"kind\":\"EventList\",\"items\":[]}");
        letters.store("syslog", 0, "cannot format", "{\"kind\":\"EventList\",\"items\":[]}");
        Files.writeString(root.resolve("venice/half-written.json.tmp"), "{");

        DeadLetterCount count = new DeadLetterCount(root, clock);

        assertThat(count.of("venice")).isEqualTo(2);
        assertThat(count.of("syslog")).isEqualTo(1);
        assertThat(count.of("file")).isZero();
    }

    @Test
    void aFolderThatCannotBeListedCountsAsMinusOne() throws IOException {
        Files.writeString(root.resolve("venice"), "a file where the folder should be");

        assertThat(new DeadLetterCount(root, clock).of("venice")).isEqualTo(-1);
    }

    @Test
    void listsTheFolderAgainOnlyOnceTheLastCountIsFiveSecondsOld() throws IOException {
        DeadLetters letters = new DeadLetters(root, clock);
        DeadLetterCount count = new DeadLetterCount(root, clock);
        assertThat(count.of("venice")).isZero();

        letters.store("venice", 400, "bad", "{\"kind\":\"EventList\",\"items\":[]}");
        clock.advance(Duration.ofSeconds(4));
        assertThat(count.of("venice")).as("the count of 4 s ago").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(count.of("venice")).isEqualTo(1);

        Files.list(root.resolve("venice")).forEach(f -> f.toFile().delete()); // replay-dead-letters sent it
        clock.advance(Duration.ofSeconds(5));
        assertThat(count.of("venice")).isZero();
    }
}
