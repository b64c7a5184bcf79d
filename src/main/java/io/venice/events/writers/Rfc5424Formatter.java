package io.venice.events.writers;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import io.venice.events.model.Event;
import io.venice.events.text.InstantText;

/**
 * Formats events as RFC 5424 syslog messages:
 * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [event@PEN ...] MSG}.
 *
 * <p>HOSTNAME is the event's source node, MSGID its type, PROCID is always the nil value; header fields are
 * printable US-ASCII only, cut to their RFC 5424 lengths, {@code -} when empty. TIMESTAMP is {@code -} for a
 * time outside the years 0000 to 9999 (the fields still carry it). The one structured-data element carries the
 * {@linkplain EventFields event fields}, escaped per RFC 5424 section 6.3.3. MSG is the event message without a
 * BOM. Control characters in MSG and in parameter values are written as {@code #ooo} ({@link SyslogText}), so a
 * message is always one line of printable characters.
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
        out.append('<').append(facility.priority(EventFields.severityOf(event))).append(">1 ");
        appendTimestamp(out, EventFields.timeOf(event, clock)).append(' ');
        appendHeaderField(out, event.nodeName(), MAX_HOSTNAME).append(' ')
                .append(appName).append(' ')
                .append(NILVALUE).append(' ');
        appendHeaderField(out, event.type(), MAX_MSG_ID).append(' ');
        appendStructuredData(out, event);
        if (!EventFields.isEmpty(event.message())) {
            SyslogText.appendText(out.append(' '), event.message());
        }
        return out.toString();
    }

    /** Formats an instant as an RFC 5424 TIMESTAMP: UTC, truncated to microseconds; {@code -} outside years 0000..9999. */
    public static String timestamp(Instant instant) {
        return appendTimestamp(new StringBuilder(27), instant).toString();
    }

    /**
     * Makes a value fit a header field: characters outside printable US-ASCII (33..126), spaces included,
     * become {@code _}, the result is cut to {@code maxLength}, and null or empty becomes {@code -}.
     */
    public static String headerField(String value, int maxLength) {
        return appendHeaderField(new StringBuilder(), value, maxLength).toString();
    }

    /**
     * Escapes an SD-PARAM value (RFC 5424 section 6.3.3): a backslash before {@code "}, {@code \} and {@code ]};
     * control characters as {@code #ooo}.
     */
    public static String escapeParamValue(String value) {
        return SyslogText.appendParamValue(new StringBuilder(value.length() + 8), value).toString();
    }

    private static StringBuilder appendHeaderField(StringBuilder out, String value, int maxLength) {
        if (EventFields.isEmpty(value)) {
            return out.append(NILVALUE);
        }
        int written = 0;
        for (int i = 0; i < value.length() && written < maxLength; i++, written++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // one code point, one replacement
            }
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out;
    }

    /** RFC 3339 in UTC with 0 to 6 fractional digits (trailing zeros dropped), e.g. 2026-11-27T03:38:05.123456Z. */
    private static StringBuilder appendTimestamp(StringBuilder out, Instant instant) {
        if (!EventFields.hasSyslogTimestamp(instant)) {
            return out.append(NILVALUE);
        }
        InstantText.appendSeconds(out, instant.getEpochSecond());
        int micros = instant.getNano() / 1000;
        if (micros > 0) {
            int width = 6;
            while (micros % 10 == 0) {
                micros /= 10;
                width--;
            }
            InstantText.digits(out.append('.'), micros, width);
        }
        return out.append('Z');
    }

    private void appendStructuredData(StringBuilder out, Event event) {
        out.append('[').append(sdId);
        EventFields.forEach(event, (name, value) -> {
            out.append(' ').append(name).append("=\"");
            if (value instanceof Integer count) {
                out.append(count.intValue());
            } else if (value instanceof Instant instant) {
                InstantText.append(out, instant); // digits, '-', ':', '.', 'T', 'Z': nothing to escape
            } else {
                SyslogText.appendParamValue(out, value.toString());
            }
            out.append('"');
        });
        out.append(']');
    }
}
