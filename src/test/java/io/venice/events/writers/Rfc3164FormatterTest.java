package io.venice.events.writers;

import static io.venice.events.writers.SampleEvents.CLOCK;
import static io.venice.events.writers.SampleEvents.dscNotAdmitted;
import static io.venice.events.writers.SampleEvents.withMessage;
import static io.venice.events.writers.SampleEvents.withSeverity;
import static io.venice.events.writers.SampleEvents.withTimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;

class Rfc3164FormatterTest {

    private static final String SAMPLE_JSON = "{\"uuid\":\"5f0b8c1e-7d3a-4b7e-9a51-2c0e5a3f9d41\","
            + "\"type\":\"DSC_NOT_ADMITTED\",\"severity\":\"warn\",\"category\":\"cluster\",\"count\":3,"
            + "\"component\":\"pen-npm\",\"node\":\"20.0.1.61\",\"ref-kind\":\"Node\",\"ref-name\":\"20.0.1.61\","
            + "\"creation-time\":\"2026-11-27T03:38:04.500Z\",\"mod-time\":\"2026-11-27T03:38:05.123456Z\"}";

    private final Rfc3164Formatter formatter =
            new Rfc3164Formatter(SyslogFacility.LOCAL4, "venice-events", CLOCK, ZoneOffset.UTC);

    @Test
    void formatsTheSampleEventAsOneCompleteMessage() {
        assertThat(formatter.format(dscNotAdmitted())).isEqualTo(
                "<164>Nov 27 03:38:05 20.0.1.61 venice-events: DSC for host [sim_host1035] not admitted. - "
                        + SAMPLE_JSON);
    }

    @Test
    void padsASingleDigitDayWithASpace() {
        Event event = withTimes(dscNotAdmitted(), null, Instant.parse("2026-11-07T03:04:05.999Z"));

        assertThat(formatter.format(event)).startsWith("<164>Nov  7 03:04:05 20.0.1.61 venice-events: ");
    }

    @Test
    void writesTheTimestampInTheConfiguredZone() {
        Rfc3164Formatter rome = new Rfc3164Formatter(SyslogFacility.LOCAL4, "venice-events", CLOCK,
                ZoneId.of("Europe/Rome"));
        Event newYear = withTimes(dscNotAdmitted(), null, Instant.parse("2026-12-31T23:30:00Z"));

        assertThat(rome.format(dscNotAdmitted())).startsWith("<164>Nov 27 04:38:05 ");
        assertThat(rome.format(newYear)).startsWith("<164>Jan  1 00:30:00 ");
    }

    @Test
    void fallsBackToCreationTimeThenToTheClock() {
        Event created = withTimes(dscNotAdmitted(), Instant.parse("2026-09-01T10:11:12Z"), null);
        Event timeless = withTimes(dscNotAdmitted(), null, null);

        assertThat(formatter.format(created)).startsWith("<164>Sep  1 10:11:12 ");
        assertThat(formatter.format(timeless)).startsWith("<164>Nov 27 04:00:00 ");
    }

    @Test
    void encodesCriticalOnLocal0AsPriority130() {
        Rfc3164Formatter local0 = new Rfc3164Formatter(SyslogFacility.LOCAL0, "venice-events", CLOCK, ZoneOffset.UTC);

        assertThat(local0.format(withSeverity(dscNotAdmitted(), Severity.CRITICAL))).startsWith("<130>Nov 27 ");
    }

    @Test
    void writesUnknownHostForAMissingNodeNameBecauseRsyslogReadsADashAsTheTag() {
        Event event = dscNotAdmitted().withSource(new EventSource("pen-npm", null));

        assertThat(formatter.format(event)).startsWith("<164>Nov 27 03:38:05 unknown venice-events: ")
                .doesNotContain("\"node\"");
    }

    @Test
    void keepsOnlyHostCharactersRsyslogAccepts() {
        assertThat(Rfc3164Formatter.host("node 1.example.com")).isEqualTo("node_1.example.com");
        assertThat(Rfc3164Formatter.host("fe80::1")).isEqualTo("fe80__1");
        assertThat(Rfc3164Formatter.host("host.example.com.")).isEqualTo("host.example.com");
        assertThat(Rfc3164Formatter.host("-")).isEqualTo("unknown");
    }

    @Test
    void cutsTheTagToThirtyTwoCharactersKeepingDashAndUnderscore() {
        Rfc3164Formatter longTag = new Rfc3164Formatter(SyslogFacility.LOCAL4,
                "venice_events-writer:syslog.bsd/format", CLOCK, ZoneOffset.UTC);

        assertThat(longTag.format(dscNotAdmitted())).startsWith(
                "<164>Nov 27 03:38:05 20.0.1.61 venice_events-writer_syslog_bsd_: DSC for host");
    }

    @Test
    void rejectsAnEmptyTag() {
        assertThatThrownBy(() -> new Rfc3164Formatter(SyslogFacility.USER, "", CLOCK, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag");
    }

    @Test
    void keepsNonAsciiMessageIntact() {
        assertThat(formatter.format(withMessage(dscNotAdmitted(), "Café on 日本 node")))
                .isEqualTo("<164>Nov 27 03:38:05 20.0.1.61 venice-events: Café on 日本 node - " + SAMPLE_JSON);
    }

    @Test
    void writesControlCharactersOfTheMessageAsOctalEscapesLikeRsyslog() {
        assertThat(formatter.format(withMessage(dscNotAdmitted(), "line one\r\nline\ttwo\u001b[31m\u0085\u007f")))
                .startsWith("<164>Nov 27 03:38:05 20.0.1.61 venice-events: line one#015#012line#011two#033[31m#205#177 - {");
    }

    @Test
    void escapesDelAndC1ControlsInTheJsonThatJacksonLeavesRaw() {
        String formatted = formatter.format(dscNotAdmitted().withCategory("a\nb\u0085c\u007fd\ud800e"));

        assertThat(formatted).contains("\"category\":\"a\\nb\\u0085c\\u007fd\\ufffde\"")
                .doesNotContain("\n", "\u0085", "\u007f", "\ud800");
    }

    @Test
    void writesTheTimeOfFormattingForAnEventTimeBeyondYear9999() {
        Event event = withTimes(dscNotAdmitted(), Instant.MAX, Instant.MAX);

        assertThat(formatter.format(event)).startsWith("<164>Nov 27 04:00:00 20.0.1.61 venice-events: ")
                .contains("\"mod-time\":\"+1000000000-12-31T23:59:59.999999999Z\"");
    }

    @Test
    void writesOnlyTheJsonWhenTheMessageIsEmpty() {
        assertThat(formatter.format(withMessage(dscNotAdmitted(), null)))
                .isEqualTo("<164>Nov 27 03:38:05 20.0.1.61 venice-events: " + SAMPLE_JSON);
    }

    @Test
    void addsObjectTenantAndNamespaceWhenPresent() {
        Event event = new Event(Event.KIND, dscNotAdmitted().meta(), "DSC_NOT_ADMITTED", Severity.WARN, "m",
                "cluster", new ObjectRef("acme", "prod", "Node", "n1", null), new EventSource("pen-npm", "n1"), null);

        assertThat(formatter.format(event)).endsWith("- {\"uuid\":\"5f0b8c1e-7d3a-4b7e-9a51-2c0e5a3f9d41\","
                + "\"type\":\"DSC_NOT_ADMITTED\",\"severity\":\"warn\",\"category\":\"cluster\","
                + "\"component\":\"pen-npm\",\"node\":\"n1\",\"ref-tenant\":\"acme\",\"ref-namespace\":\"prod\","
                + "\"ref-kind\":\"Node\",\"ref-name\":\"n1\",\"creation-time\":\"2026-11-27T03:38:04.500Z\","
                + "\"mod-time\":\"2026-11-27T03:38:05.123456Z\"}");
    }
}
