package io.venice.events.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the status command prints for a /status answer, and its exit status. */
class StatusCommandTest {

    final StringWriter printed = new StringWriter();

    int print(String answer, Duration stuckAfter) {
        StatusCommand command = new StatusCommand();
        command.stuckAfter = stuckAfter;
        return command.print(EventJson.read(answer, JsonNode.class), new PrintWriter(printed));
    }

    static String writer(String name, String state, long behind, double stalled, String more) {
        return "{\"name\":\"" + name + "\",\"route\":\"writer-" + name + "\",\"state\":\"" + state + "\",\"events-behind\":"
                + behind + ",\"bytes-behind\":" + behind * 600 + ",\"oldest-seconds\":" + stalled
                + ",\"stalled-seconds\":" + stalled + ",\"dead-letters\":0" + more + "}";
    }

    static String answer(String... writers) {
        return "{\"writers\":[" + String.join(",", writers) + "],\"store\":{\"bytes\":1200,\"max-bytes\":1073741824},"
                + "\"proxy-connections\":2}";
    }

    @Test
    void allWritersUpOrDisabledIsWellExit0() {
        int exit = print(answer(writer("file", "up", 0, 0, ""), writer("venice", "up", 3, 1.5, ""),
                "{\"name\":\"syslog\",\"route\":\"writer-syslog\",\"state\":\"disabled\",\"dead-letters\":0}"),
                Duration.ofMinutes(5));

        assertThat(exit).isZero();
        assertThat(printed.toString().lines()).containsExactly(
                "file             up        lag 0 events (0 bytes), oldest 0.0s",
                "venice           up        lag 3 events (1800 bytes), oldest 1.5s",
                "syslog           disabled",
                "store: 1200 of 1073741824 bytes (store.max-bytes), 2 proxy connections");
    }

    @Test
    void aWriterBehindWithoutProgressForLongerThanStuckAfterIsStuckExit1WithItsLastError() {
        int exit = print(answer(writer("file", "up", 0, 0, ""), writer("venice", "retrying", 40, 312, ","
                        + "\"retrying-since\":\"2026-11-27T10:00:00Z\",\"last-error\":\"ConnectException: Connection refused\"")),
                Duration.ofMinutes(5));

        assertThat(exit).isEqualTo(StatusCommand.STUCK);
        assertThat(printed.toString().lines()).contains("venice           stuck     lag 40 events (24000 bytes), "
                + "oldest 312s, retrying since 2026-11-27T10:00:00Z, last error: ConnectException: Connection refused");
    }

    @Test
    void retryingForLessThanStuckAfterIsNotStuck() {
        assertThat(print(answer(writer("venice", "retrying", 40, 299, "")), Duration.ofMinutes(5))).isZero();
        assertThat(printed.toString()).contains("venice           retrying  lag 40");
    }

    @Test
    void aStoppedWriterIsNotWellAndAnEscapedLastErrorStaysOneLine() {
        int exit = print(answer("{\"name\":\"audit\",\"route\":\"writer-audit\",\"state\":\"stopped\",\"dead-letters\":2,"
                + "\"last-error\":\"evil\\n\\u001b[2Jforged line\"}"), Duration.ofMinutes(5));

        assertThat(exit).isEqualTo(StatusCommand.STUCK);
        assertThat(printed.toString().lines()).hasSize(2).first().asString()
                .isEqualTo("audit            stopped   2 dead letters, last error: evil\\n\\u001b[2Jforged line");
    }
}
