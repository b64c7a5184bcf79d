package io.venice.events.writers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.venice.events.testing.LogCapture;
import io.venice.events.text.LogText;

class DeadLettersLogTest {

    @TempDir
    Path dir;

    @Test
    void logsTheVeniceResponseBodyEscapedAndCutSoItCannotForgeLogLines() throws Exception {
        DeadLetters letters = new DeadLetters(dir, Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));
        String body = "bad request\r\n10:00:00.000 INFO  [main] Venice - all fine\u001b[2J" + "x".repeat(5000);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody("{\"kind\":\"EventList\",\"items\":[]}");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
                new HttpOperationFailedException("http://venice/events", 400, "Bad Request", null, Map.of(), body));

        try (LogCapture log = LogCapture.start()) {
            letters.storeVenice(exchange);

            String line = log.lines().stream().filter(l -> l.contains("Venice refused")).findFirst().orElseThrow();
            assertThat(line).contains("(bad request\\r\\n10:00:00.000 INFO  [main] Venice - all fine\\u001b[2J")
                    .contains("...(+" + (body.length() - LogText.DEFAULT_MAX_CHARS) + " chars))")
                    .doesNotContain("\r", "\n", "\u001b")
                    .hasSizeLessThan(600);
        }
    }
}
