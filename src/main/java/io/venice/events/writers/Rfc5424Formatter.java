package io.venice.events.writers;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.venice.events.model.Event;

/**
 * Formats events as RFC 5424 syslog messages:
 * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [event@PEN ...] MSG}.
 *
 * <p>HOSTNAME is the event's source node, MSGID its type, PROCID is always the nil value. The one
 * structured-data element carries the {@linkplain EventFields event fields}. MSG is the event message
 * as is, without a BOM; it may contain line breaks, so send it with octet-counted framing over TCP.
 */
public final class Rfc5424Formatter implements SyslogFormatter {

    /** RFC 5424 NILVALUE, written for a missing header field. */
    public static final String NILVALUE = "-";
    /** Maximum HOSTNAME length (RFC 5424 section 6). */
    public static final int MAX_HOSTNAME = 255;
    /** Maximum APP-NAME length. */
    public static final int MAX_APP_NAME = 48;
    /** Maximum PROCID length. */
    public static final int MAX_PROC_ID = 128;
    /** Maximum MSGID length. */
    public static final int MAX_MSG_ID = 32;

    /** RFC 3339 in UTC with 0 to 6 fractional digits (trailing zeros dropped), e.g. 2026-11-27T03:38:05.123456Z. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true)
            .appendLiteral('Z')
            .toFormatter(Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final SyslogFacility facility;
    private final String appName;
    private final String sdId;
    private final Clock clock;

    /**
     * Creates a formatter writing every message with the same facility, APP-NAME and SD-ID.
     *
     * @param facility         the facility of every message
     * @param appName          APP-NAME; made printable ASCII and cut to 48 characters, {@code -} if empty
     * @param enterpriseNumber the IANA private enterprise number in the SD-ID {@code event@<number>}
     * @param clock            supplies the timestamp of events that carry no time
     * @throws IllegalArgumentException when the enterprise number is below 1
     */
    public Rfc5424Formatter(SyslogFacility facility, String appName, int enterpriseNumber, Clock clock) {
        if (enterpriseNumber < 1) {
            throw new IllegalArgumentException("enterprise number must be positive, got " + enterpriseNumber);
        }
        this.facility = Objects.requireNonNull(facility, "facility");
        this.appName = headerField(appName, MAX_APP_NAME);
        this.sdId = "event@" + enterpriseNumber;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@inheritDoc} */
    @Override
    public String format(Event event) {
        StringBuilder out = new StringBuilder(512);
        out.append('<').append(facility.priority(EventFields.severityOf(event))).append(">1 ")
                .append(timestamp(EventFields.timeOf(event, clock))).append(' ')
                .append(headerField(event.nodeName(), MAX_HOSTNAME)).append(' ')
                .append(appName).append(' ')
                .append(NILVALUE).append(' ')
                .append(headerField(event.type(), MAX_MSG_ID)).append(' ');
        appendStructuredData(out, EventFields.of(event));
        if (!EventFields.isEmpty(event.message())) {
            out.append(' ').append(event.message());
        }
        return out.toString();
    }

    /** Formats an instant as an RFC 5424 TIMESTAMP: UTC, truncated to microseconds. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Makes a value fit a header field: characters outside printable US-ASCII (33..126), spaces included,
     * become {@code _}, the result is cut to {@code maxLength}, and null or empty becomes {@code -}.
     */
    public static String headerField(String value, int maxLength) {
        if (EventFields.isEmpty(value)) {
            return NILVALUE;
        }
        StringBuilder field = new StringBuilder(Math.min(value.length(), maxLength));
        value.codePoints().limit(maxLength)
                .forEach(c -> field.append(c >= 33 && c <= 126 ? (char) c : '_'));
        return field.toString();
    }

    /** Escapes an SD-PARAM value (RFC 5424 section 6.3.3): a backslash before {@code "}, {@code \} and {@code ]}. */
    public static String escapeParamValue(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private void appendStructuredData(StringBuilder out, Map<String, Object> fields) {
        out.append('[').append(sdId);
        fields.forEach((name, value) ->
                out.append(' ').append(name).append("=\"").append(escapeParamValue(value.toString())).append('"'));
        out.append(']');
    }
}
