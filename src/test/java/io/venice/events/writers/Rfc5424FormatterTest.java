package io.venice.events.writers;

import static io.venice.events.writers.SampleEvents.CLOCK;
import static io.venice.events.writers.SampleEvents.ENTERPRISE_NUMBER;
import static io.venice.events.writers.SampleEvents.dscNotAdmitted;
import static io.venice.events.writers.SampleEvents.withMessage;
import static io.venice.events.writers.SampleEvents.withSeverity;
import static io.venice.events.writers.SampleEvents.withTimes;
import static io.venice.events.writers.SampleEvents.withType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;

class Rfc5424FormatterTest {

    private static final String SAMPLE_SD = "[event@32473 uuid=\"5f0b8c1e-7d3a-4b7e-9a51-2c0e5a3f9d41\""
            + " type=\"DSC_NOT_ADMITTED\" severity=\"warn\" category=\"cluster\" count=\"3\" component=\"pen-npm\""
            + " node=\"20.0.1.61\" ref-kind=\"Node\" ref-name=\"20.0.1.61\""
            + " creation-time=\"2026-11-27T03:38:04.500Z\" mod-time=\"2026-11-27T03:38:05.123456Z\"]";

    private final Rfc5424Formatter formatter =
            new Rfc5424Formatter(SyslogFacility.LOCAL4, "venice-events", ENTERPRISE_NUMBER, CLOCK);

    @Test
    void formatsTheSampleEventAsOneCompleteMessage() {
        assertThat(formatter.format(dscNotAdmitted())).isEqualTo(
                "<164>1 2026-11-27T03:38:05.123456Z 20.0.1.61 venice-events - DSC_NOT_ADMITTED "
                        + SAMPLE_SD + " DSC for host [sim_host1035] not admitted.");
    }

    @Test
    void escapesQuoteBackslashAndBracketInStructuredData() {
        Event event = dscNotAdmitted().withCategory("a\"b\\c]d");

        assertThat(formatter.format(event)).contains(" category=\"a\\\"b\\\\c\\]d\" ");
    }

    @Test
    void writesControlCharactersOfTheMessageAsOctalEscapesSoOneEventIsOneRecord() {
        String formatted = formatter.format(withMessage(dscNotAdmitted(),
                "line one\r\nfake <13>1 record\u001b[2J\u0085\u009b\u007f\u0000 end"));

        assertThat(formatted).endsWith(SAMPLE_SD + " line one#015#012fake <13>1 record#033[2J#205#233#177#000 end")
                .doesNotContain("\n", "\r", "\u001b", "\u0085", "\u009b", "\u007f", "\u0000");
    }

    @Test
    void escapesControlCharactersInStructuredDataValuesAsInTheMessage() {
        Event event = dscNotAdmitted().withCategory("a\nb\"] [x@1 y=\"z\u0085");

        assertThat(formatter.format(event)).contains(" category=\"a#012b\\\"\\] [x@1 y=\\\"z#205\" count=");
    }

    @Test
    void replacesAnUnpairedSurrogateButKeepsPairs() {
        assertThat(formatter.format(withMessage(dscNotAdmitted(), "a\ud800b \ud83d\ude00")))
                .endsWith(" a\ufffdb \ud83d\ude00");
    }

    @Test
    void writesNilTimestampForATimeBeyondYear9999AndKeepsItInTheFields() {
        Event event = withTimes(dscNotAdmitted(), Instant.MIN, Instant.MAX);

        assertThat(formatter.format(event)).startsWith("<164>1 - 20.0.1.61 venice-events - DSC_NOT_ADMITTED [")
                .contains(" mod-time=\"+1000000000-12-31T23:59:59.999999999Z\"]");
        assertThat(Rfc5424Formatter.timestamp(Instant.parse("9999-12-31T23:59:59.999999Z")))
                .isEqualTo("9999-12-31T23:59:59.999999Z");
        assertThat(Rfc5424Formatter.timestamp(Instant.parse("0000-01-01T00:00:00.000001Z")))
                .isEqualTo("0000-01-01T00:00:00.000001Z");
        assertThat(Rfc5424Formatter.timestamp(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("-");
    }

    @Test
    void cutsHeaderFieldsToTheirLimitsAndKeepsThemPrintableAscii() {
        Event event = withType(dscNotAdmitted().withSource(new EventSource("pen-npm", "h\u001b\n".repeat(100))),
                "T\u0085".repeat(20));

        String formatted = formatter.format(event);

        assertThat(formatted.split(" ")[2]).isEqualTo("h__".repeat(85));
        assertThat(formatted.split(" ")[5]).isEqualTo("T_".repeat(16));
    }

    @Test
    void truncatesMsgIdToThirtyTwoCharacters() {
        String type = "DSC_NOT_ADMITTED_BECAUSE_POLICY_DENIED_X";
        assertThat(type).hasSize(40);

        assertThat(formatter.format(withType(dscNotAdmitted(), type)))
                .startsWith("<164>1 2026-11-27T03:38:05.123456Z 20.0.1.61 venice-events - "
                        + "DSC_NOT_ADMITTED_BECAUSE_POLICY_ [event@32473 ")
                .contains(" type=\"" + type + "\" ");
    }

    @Test
    void writesNilValuesForMissingNodeNameAndType() {
        Event event = withType(dscNotAdmitted().withSource(new EventSource("pen-npm", null)), null);

        assertThat(formatter.format(event))
                .startsWith("<164>1 2026-11-27T03:38:05.123456Z - venice-events - - [event@32473 uuid=")
                .doesNotContain("node=")
                .doesNotContain("type=");
    }

    @Test
    void writesNilAppNameWhenNoneIsConfigured() {
        Rfc5424Formatter noAppName = new Rfc5424Formatter(SyslogFacility.LOCAL4, "", ENTERPRISE_NUMBER, CLOCK);

        assertThat(noAppName.format(dscNotAdmitted())).startsWith("<164>1 2026-11-27T03:38:05.123456Z 20.0.1.61 - - ");
    }

    @Test
    void encodesCriticalOnLocal0AsPriority130() {
        Rfc5424Formatter local0 = new Rfc5424Formatter(SyslogFacility.LOCAL0, "venice-events", ENTERPRISE_NUMBER, CLOCK);

        assertThat(local0.format(withSeverity(dscNotAdmitted(), Severity.CRITICAL))).startsWith("<130>1 ");
        assertThat(local0.format(withSeverity(dscNotAdmitted(), Severity.INFO))).startsWith("<134>1 ");
        assertThat(local0.format(withSeverity(dscNotAdmitted(), Severity.DEBUG))).startsWith("<135>1 ");
        assertThat(local0.format(withSeverity(dscNotAdmitted(), Severity.WARN))).startsWith("<132>1 ");
    }

    @Test
    void truncatesFractionalSecondsToSixDigits() {
        Event event = withTimes(dscNotAdmitted(), null, Instant.parse("2026-11-27T03:38:05.987654321Z"));

        assertThat(formatter.format(event)).startsWith("<164>1 2026-11-27T03:38:05.987654Z 20.0.1.61 ");
    }

    @Test
    void writesWholeSecondsWithoutFraction() {
        assertThat(Rfc5424Formatter.timestamp(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(Rfc5424Formatter.timestamp(Instant.parse("2026-01-02T03:04:05.120Z")))
                .isEqualTo("2026-01-02T03:04:05.12Z");
    }

    @Test
    void fallsBackToCreationTimeThenToTheClock() {
        Event created = withTimes(dscNotAdmitted(), Instant.parse("2026-11-27T03:00:00.5Z"), null);
        Event timeless = withTimes(dscNotAdmitted(), null, null);

        assertThat(formatter.format(created)).startsWith("<164>1 2026-11-27T03:00:00.5Z ");
        assertThat(formatter.format(timeless)).startsWith("<164>1 2026-11-27T04:00:00Z ");
    }

    @Test
    void keepsNonAsciiMessageIntactWithoutByteOrderMark() {
        String message = "Café on 日本 node";

        String formatted = formatter.format(withMessage(dscNotAdmitted(), message));

        assertThat(formatted).endsWith(SAMPLE_SD + " " + message).doesNotContain("\uFEFF");
    }

    @Test
    void endsAfterStructuredDataWhenTheMessageIsEmpty() {
        assertThat(formatter.format(withMessage(dscNotAdmitted(), ""))).endsWith(SAMPLE_SD);
        assertThat(formatter.format(withMessage(dscNotAdmitted(), null))).endsWith(SAMPLE_SD);
    }

    @Test
    void replacesSpacesAndNonAsciiCharactersInHeaderFields() {
        Event event = withType(dscNotAdmitted().withSource(new EventSource("pen-npm", "node 1.é")), "BAD TYPE");
        Rfc5424Formatter spaced = new Rfc5424Formatter(SyslogFacility.LOCAL4, "venice events", ENTERPRISE_NUMBER, CLOCK);

        assertThat(spaced.format(event)).startsWith("<164>1 2026-11-27T03:38:05.123456Z node_1._ venice_events - BAD_TYPE ");
    }

    @Test
    void truncatesAppNameToFortyEightCharacters() {
        Rfc5424Formatter longName = new Rfc5424Formatter(SyslogFacility.LOCAL4, "a".repeat(60), ENTERPRISE_NUMBER, CLOCK);

        assertThat(longName.format(dscNotAdmitted())).contains(" 20.0.1.61 " + "a".repeat(48) + " - DSC_NOT_ADMITTED ");
    }

    @Test
    void writesObjectTenantAndNamespaceBeforeKindAndName() {
        Event event = new Event(Event.KIND, dscNotAdmitted().meta(), "DSC_NOT_ADMITTED", Severity.WARN, "m", "cluster",
                new ObjectRef("acme", "prod", "Node", "n1", "/nodes/n1"), null, null);

        assertThat(formatter.format(event)).contains(" category=\"cluster\" ref-tenant=\"acme\" ref-namespace=\"prod\""
                + " ref-kind=\"Node\" ref-name=\"n1\" creation-time=");
    }

    @Test
    void rejectsAnEnterpriseNumberBelowOne() {
        assertThatThrownBy(() -> new Rfc5424Formatter(SyslogFacility.USER, "x", 0, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enterprise number");
    }
}
