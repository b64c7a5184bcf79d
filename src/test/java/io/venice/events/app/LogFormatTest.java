package io.venice.events.app;

import java.io.IOException;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The log format an operator chooses ({@code VENICE_LOG_FORMAT}, {@code -Dvenice.log.format}), and the JSON line
 * the runner's template ({@code log-line.json}, as {@code log4j2.properties} uses it) makes of an entry.
 */
class LogFormatTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Properties system(String format) {
        Properties properties = new Properties();
        if (format != null) {
            properties.setProperty(LogFormat.PROPERTY, format);
        }
        return properties;
    }

    @Test
    void plainUnlessTold() {
        assertThat(LogFormat.resolve(Map.of(), system(null))).isEqualTo("plain");
        assertThat(LogFormat.resolve(Map.of(), system(" "))).isEqualTo("plain");
    }

    @Test
    void theEnvironmentVariableWinsOverTheSystemProperty() {
        assertThat(LogFormat.resolve(Map.of(), system("json"))).isEqualTo("json");
        assertThat(LogFormat.resolve(Map.of("VENICE_LOG_FORMAT", "json"), system("plain"))).isEqualTo("json");
        assertThat(LogFormat.resolve(Map.of("VENICE_LOG_FORMAT", "plain"), system("json"))).isEqualTo("plain");
    }

    @Test
    void anotherValueIsAProblemNamingWhereItWasSet() {
        assertThatThrownBy(() -> LogFormat.resolve(Map.of("VENICE_LOG_FORMAT", "xml"), system(null)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration (1 problem):\n  VENICE_LOG_FORMAT: 'xml' is not one of plain, json");
        assertThatThrownBy(() -> LogFormat.resolve(Map.of(), system("JSON\u001b[2J")))
                .hasMessageEndingWith("venice.log.format: 'JSON\\u001b[2J' is not one of plain, json");
    }

    static JsonTemplateLayout runnersJsonLayout() {
        return JsonTemplateLayout.newBuilder()
                .setConfiguration(new DefaultConfiguration())
                .setEventTemplateUri("classpath:log-line.json")
                .build();
    }

    static LogEvent event(String message, Throwable thrown) {
        return Log4jLogEvent.newBuilder()
                .setLoggerName("io.venice.events.store.WriterFeed")
                .setLevel(Level.ERROR)
                .setThreadName("Camel (venice-events) thread #3 - store://events")
                .setTimeMillis(1_764_590_000_123L)
                .setMessage(new SimpleMessage(message))
                .setThrown(thrown)
                .build();
    }

    @Test
    void anEntryIsOneJsonObjectOnOneLineWithTimeLevelLoggerThreadAndMessage() throws IOException {
        String line = runnersJsonLayout().toSerializable(event("Writer file: its offset file holds 'a\nb'", null));

        assertThat(line).endsWith("}\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
        JsonNode entry = JSON.readTree(line);
        assertThat(entry.get("time").asText()).isEqualTo("2025-12-01T11:53:20.123Z");
        assertThat(entry.get("level").asText()).isEqualTo("ERROR");
        assertThat(entry.get("logger").asText()).isEqualTo("io.venice.events.store.WriterFeed");
        assertThat(entry.get("thread").asText()).isEqualTo("Camel (venice-events) thread #3 - store://events");
        assertThat(entry.get("message").asText()).isEqualTo("Writer file: its offset file holds 'a\nb'");
        assertThat(entry.has("exception")).as("no exception, no field").isFalse();
        assertThat(entry.size()).isEqualTo(5);
    }

    @Test
    void anExceptionIsItsWholeStackTraceInOneFieldOfTheSameLine() throws IOException {
        Exception thrown = new IllegalStateException("cannot save the offset",
                new java.io.IOException("No space left on device"));

        String line = runnersJsonLayout().toSerializable(event("Writer file: cannot save its offset", thrown));

        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        String exception = JSON.readTree(line).get("exception").asText();
        assertThat(exception).startsWith("java.lang.IllegalStateException: cannot save the offset\n\tat ")
                .contains("Caused by: java.io.IOException: No space left on device")
                .contains(LogFormatTest.class.getName());
    }
}
