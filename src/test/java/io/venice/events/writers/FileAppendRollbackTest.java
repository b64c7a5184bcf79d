package io.venice.events.writers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.venice.events.testing.LogCapture;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FileAppendRollbackTest {

    @TempDir
    Path dir;

    Exchange batch() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.FILE_NAME, "events-2026-12-01.jsonl");
        exchange.getMessage().setHeader("VeniceEventsBatchSize", 2);
        return exchange;
    }

    Path dayFile() {
        return dir.resolve("events-2026-12-01.jsonl");
    }

    void append(String text) throws IOException {
        Files.writeString(dayFile(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aFailedAppendIsCutOutOfTheDayFileSoTheRetryAppendsWholeLines() throws IOException {
        append("{\"a\":1}\n");
        Exchange exchange = batch();
        new FileAppendRollback(dir).beforeAppend(exchange);
        append("{\"b\":2}\n{\"c\""); // the disk filled up in the middle of the batch
        exchange.setException(new IOException("No space left on device"));

        FileAppendRollback rollback = new FileAppendRollback(dir);
        rollback.process(exchange);
        append("{\"b\":2}\n{\"c\":3}\n"); // the retry

        assertThat(Files.readString(dayFile())).isEqualTo("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
    }

    @Test
    void aLineACrashLeftWithoutItsNewlineIsCutBeforeTheNextBatch() throws IOException {
        append("{\"a\":1}\n{\"b\"");
        Exchange exchange = batch();

        new FileAppendRollback(dir).beforeAppend(exchange);

        assertThat(Files.readString(dayFile())).isEqualTo("{\"a\":1}\n");
        assertThat(exchange.getMessage().getHeader(FileAppendRollback.LENGTH)).isEqualTo(8L);
    }

    @Test
    void failuresAreLoggedOncePerEpisodeThenOnceWhenAppendsWorkAgain() throws IOException {
        FileAppendRollback rollback = new FileAppendRollback(dir);
        try (LogCapture log = LogCapture.start()) {
            for (int attempt = 0; attempt < 5; attempt++) {
                Exchange exchange = batch();
                rollback.beforeAppend(exchange);
                exchange.setException(new IOException("No space left on device"));
                rollback.process(exchange);
            }
            rollback.appended();
            rollback.appended();

            assertThat(log.lines()).filteredOn(l -> l.contains("File writer")).containsExactly(
                    "ERROR File writer: cannot append a batch of 2 events to " + dir + " (java.io.IOException: No space "
                            + "left on device); the batch stays in the event store and is tried again until it can be "
                            + "appended; one line follows when it is",
                    "WARN File writer: appending to " + dir + " again after 5 failed attempts (first cause: "
                            + "java.io.IOException: No space left on device)");
        }
    }
}
