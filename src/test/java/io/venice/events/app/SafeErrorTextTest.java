package io.venice.events.app;

import java.net.ConnectException;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The last error as GET /status and the status command show it: short, escaped, without credentials. */
class SafeErrorTextTest {

    @Test
    void showsTheErrorsClassAndMessage() {
        assertThat(SafeErrorText.of(new ConnectException("Connection refused")))
                .isEqualTo("ConnectException: Connection refused");
        assertThat(SafeErrorText.of(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
        assertThat(SafeErrorText.of(null)).isNull();
    }

    @Test
    void leavesOutTheUserPasswordAndQueryValuesOfAUrl() {
        String shown = SafeErrorText.of(new HttpOperationFailedException(
                "https://ops:s3cret@venice.example.com/events/v1/events?token=abc123&x=1", 503, "Service Unavailable",
                null, null, "down"));

        assertThat(shown).doesNotContain("s3cret", "ops:", "abc123")
                .contains("https://***@venice.example.com/events/v1/events?token=***&x=***");
    }

    @Test
    void escapesControlCharactersAndCutsALongMessage() {
        String shown = SafeErrorText.of(new RuntimeException("line1\nline2\u001b[31m" + "x".repeat(500)));

        assertThat(shown).startsWith("RuntimeException: line1\\nline2\\u001b[31m").doesNotContain("\n", "\u001b")
                .endsWith("chars)");
        assertThat(shown.length()).isLessThan(SafeErrorText.MAX_CHARS + 40);
    }
}
