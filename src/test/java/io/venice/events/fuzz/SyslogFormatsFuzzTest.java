package io.venice.events.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.Meta;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.proxy.WireDecoder;
import io.venice.events.proxy.WireException;

/**
 * Whatever an event holds, each syslog format writes it as one record of printable characters with a valid
 * structure: RFC 5424 read back by {@link Rfc5424Grammar} with the same field values where they had nothing to
 * escape, BSD with its header and a JSON object that parses. The input is a wire line (decoded as the proxy does)
 * or, when it is not one, raw fields: ISO-8859-1 text split at NUL bytes (so every C0 and C1 control, quote,
 * backslash and bracket is reachable). Seeds: src/test/resources/fuzz/syslog.
 */
class SyslogFormatsFuzzTest {

    private static final Pattern BSD_HEADER = Pattern.compile(
            "<[0-9]{1,3}>(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9]"
                    + " [A-Za-z0-9._-]*[A-Za-z0-9] venice-events: ");
    private static final ObjectReader JSON = EventJson.mapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @FuzzTest(maxDuration = "7s")
    // libFuzzer dictionary syntax: \xNN for a byte, \\ and \" for backslash and quote
    @DictionaryEntries({"\\x00", "\\x0A", "\\x0D", "\\x1B", "\\xC2\\x85", "\\xC2\\x9B", "\\x7F", "\\x85",
            "\\\"", "\\\\", "]", "[", " ", "=", "#012", "\\xC3\\xA9", "<13>1 ",
            "{\\\"type\\\":\\\"T\\\",\\\"severity\\\":\\\"warn\\\","
                    + "\\\"source\\\":{\\\"component\\\":\\\"c\\\"},\\\"message\\\":\\\"",
            "\\\\ud800", "\\\\u0085", "+1000000000-12-31T23:59:59.999999999Z"})
    void everyEventIsOnePrintableRecordInBothFormats(byte[] input) {
        for (Event event : events(input)) {
            checkRfc5424(event, FuzzSubjects.RFC5424.format(event));
            checkBsd(FuzzSubjects.RFC3164.format(event));
        }
    }

    private static void checkRfc5424(Event event, String formatted) {
        Rfc5424Grammar.Message message = Rfc5424Grammar.parse(formatted);
        assertThat(message.sdId()).isEqualTo("event@32473");
        assertThat(message.appName()).isEqualTo("venice-events");
        assertThat(message.procId()).isEqualTo("-");
        if (isEmpty(event.nodeName())) {
            assertThat(message.hostname()).isEqualTo("-");
        }
        if (isEmpty(event.message())) {
            assertThat(message.msg()).isNull();
        } else if (isClean(event.message())) {
            assertThat(message.msg()).isEqualTo(event.message());
        }
        expectParam(message, "uuid", event.uuid());
        expectParam(message, "type", event.type());
        expectParam(message, "category", event.category());
        expectParam(message, "component", event.component());
        expectParam(message, "node", event.nodeName());
        ObjectRef ref = event.objectRef();
        if (ref != null) {
            expectParam(message, "ref-kind", ref.kind());
            expectParam(message, "ref-name", ref.name());
        }
        assertUtf8RoundTrip(formatted);
    }

    private static void expectParam(Rfc5424Grammar.Message message, String name, String value) {
        if (isEmpty(value)) {
            assertThat(message.params()).doesNotContainKey(name);
        } else if (isClean(value)) {
            assertThat(message.params()).containsEntry(name, value);
        } else {
            assertThat(message.params()).containsKey(name);
        }
    }

    private static void checkBsd(String formatted) {
        assertThat(formatted).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f]");
        assertThat(BSD_HEADER.matcher(formatted).lookingAt()).as("BSD header of %s", formatted).isTrue();
        assertUtf8RoundTrip(formatted);
        String content = formatted.substring(formatted.indexOf(": ") + 2);
        boolean parsed = false;
        for (int at = content.indexOf('{'); at >= 0 && !parsed; at = content.indexOf('{', at + 1)) {
            if (at == 0 || content.startsWith(" - ", at - 3)) {
                try {
                    parsed = JSON.<JsonNode>readValue(content.substring(at)).isObject();
                } catch (java.io.IOException e) {
                    // not where the JSON starts: the message held " - {"
                }
            }
        }
        assertThat(parsed).as("the fields as a JSON object at the end of %s", formatted).isTrue();
    }

    private static void assertUtf8RoundTrip(String formatted) {
        assertThat(new String(formatted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(formatted);
    }

    /** The events of a wire line, or one event of raw fields when the input is not a line of events. */
    static List<Event> events(byte[] input) {
        List<Event> events = new ArrayList<>();
        try {
            for (WireDecoder.Item item : FuzzSubjects.DECODER.decode(new String(input, StandardCharsets.UTF_8)).items()) {
                if (item.event() != null) {
                    events.add(item.event());
                }
            }
        } catch (WireException e) {
            // not a wire line: raw fields below
        }
        if (events.isEmpty()) {
            events.add(rawFields(input));
        }
        return events;
    }

    private static Event rawFields(byte[] input) {
        String[] f = new String(input, StandardCharsets.ISO_8859_1).split("\u0000", -1);
        Severity[] severities = Severity.values();
        Severity severity = input.length == 0 ? null : severities[(input[0] & 0xff) % severities.length];
        Instant time = input.length < 2 ? null : Instant.ofEpochSecond(((long) input[1]) * 3_000_000_000L, 123_456_789);
        Meta meta = new Meta(null, null, null, field(f, 5), null, time, time, null);
        return new Event(Event.KIND, meta, field(f, 0), severity, field(f, 1), field(f, 2),
                new ObjectRef(field(f, 6), field(f, 7), field(f, 8), field(f, 9), null),
                new EventSource(field(f, 4), field(f, 3)), input.length);
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : null;
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    /** Nothing a formatter replaces: no control character, no unpaired surrogate. */
    private static boolean isClean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
