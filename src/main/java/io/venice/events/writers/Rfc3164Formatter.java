package io.venice.events.writers;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;

/**
 * Formats events as BSD (RFC 3164) syslog messages:
 * {@code <PRI>Mmm dd hh:mm:ss HOST TAG: message - {json}} where {@code {json}} holds the
 * {@linkplain EventFields event fields} as compact JSON.
 *
 * <p>BSD syslog has no year, no time zone and no structured data, and receivers guess where HOST ends,
 * so this formatter only writes what rsyslog's RFC 3164 parser reads back unchanged:
 * <ul>
 *   <li>HOST keeps letters, digits, {@code .}, {@code _} and {@code -} (others become {@code _}), must end
 *       with a letter or digit (trailing {@code .-_} are dropped) and is {@value #UNKNOWN_HOST} when empty;
 *       rsyslog takes a word such as {@code -} or {@code fe80::1} for the tag, not the host;</li>
 *   <li>control characters in the message (line breaks, tabs, ESC, C1) are written as {@code #ooo}
 *       ({@link SyslogText}), and the JSON of the fields has them as JSON escapes (backslash, u, four hex
 *       digits), so the message stays one line of printable characters for newline-delimited TCP;</li>
 *   <li>an event time outside the years 0000 to 9999 is not a timestamp: the time of formatting is written
 *       instead (the JSON keeps the event's times).</li>
 * </ul>
 */
public final class Rfc3164Formatter implements SyslogFormatter {

    /** HOST written when the event has no source node name. */
    public static final String UNKNOWN_HOST = "unknown";
    /** Maximum TAG length (RFC 3164 section 4.1.3). */
    public static final int MAX_TAG = 32;
    /** Maximum HOST length written. */
    public static final int MAX_HOST = 255;

    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final SyslogFacility facility;
    private final String tag;
    private final Clock clock;
    private final ZoneId zone;

    /**
     * Creates a formatter writing every message with the same facility, TAG and time zone.
     *
     * @param facility the facility of every message
     * @param tag      TAG, usually the program name; letters, digits, {@code -} and {@code _} are kept,
     *                 other characters become {@code _}, cut to 32 characters
     * @param clock    supplies the timestamp of events that carry no time
     * @param zone     the zone of the timestamp (BSD timestamps carry none; receivers assume their own)
     * @throws IllegalArgumentException when the tag is null or empty
     */
    public Rfc3164Formatter(SyslogFacility facility, String tag, Clock clock, ZoneId zone) {
        this.facility = Objects.requireNonNull(facility, "facility");
        this.tag = tag(tag);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** {@inheritDoc} */
    @Override
    public String format(Event event) {
        StringBuilder out = new StringBuilder(512);
        Instant time = EventFields.timeOf(event, clock);
        if (!EventFields.hasSyslogTimestamp(time)) {
            time = clock.instant();
        }
        out.append('<').append(facility.priority(EventFields.severityOf(event))).append('>')
                .append(timestamp(ZonedDateTime.ofInstant(time, zone))).append(' ')
                .append(host(event.nodeName())).append(' ')
                .append(tag).append(": ");
        if (!EventFields.isEmpty(event.message())) {
            SyslogText.appendText(out, event.message()).append(" - ");
        }
        appendJson(out, EventJson.write(EventFields.of(event)));
        return out.toString();
    }

    /** Formats a time as the BSD TIMESTAMP {@code Mmm dd hh:mm:ss}, the day padded with a space, e.g. {@code Nov  7 03:04:05}. */
    public static String timestamp(ZonedDateTime time) {
        StringBuilder out = new StringBuilder(15).append(MONTHS[time.getMonthValue() - 1]).append(' ');
        if (time.getDayOfMonth() < 10) {
            out.append(' ');
        }
        out.append(time.getDayOfMonth()).append(' ');
        twoDigits(out, time.getHour()).append(':');
        twoDigits(out, time.getMinute()).append(':');
        return twoDigits(out, time.getSecond()).toString();
    }

    /** Makes a node name a HOST rsyslog recognises, see the class comment; {@value #UNKNOWN_HOST} when nothing is left. */
    public static String host(String nodeName) {
        if (EventFields.isEmpty(nodeName)) {
            return UNKNOWN_HOST;
        }
        StringBuilder host = new StringBuilder(Math.min(nodeName.length(), MAX_HOST));
        for (int i = 0; i < nodeName.length() && host.length() < MAX_HOST; i++) {
            char c = nodeName.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < nodeName.length() && Character.isLowSurrogate(nodeName.charAt(i + 1))) {
                i++; // one code point, one replacement
            }
            host.append(isAsciiAlnum(c) || c == '.' || c == '_' || c == '-' ? c : '_');
        }
        while (host.length() > 0 && !isAsciiAlnum(host.charAt(host.length() - 1))) {
            host.setLength(host.length() - 1);
        }
        return host.length() == 0 ? UNKNOWN_HOST : host.toString();
    }

    private static String tag(String tag) {
        if (EventFields.isEmpty(tag)) {
            throw new IllegalArgumentException("syslog tag must not be empty");
        }
        StringBuilder out = new StringBuilder(MAX_TAG);
        tag.codePoints().limit(MAX_TAG)
                .forEach(c -> out.append(isAsciiAlnum(c) || c == '-' || c == '_' ? (char) c : '_'));
        return out.toString();
    }

    /**
     * Appends JSON, escaping what Jackson leaves raw: DEL and C1 controls (it escapes only C0) become the JSON
     * escape of their code, an unpaired surrogate the escape of U+FFFD (it has no UTF-8 form). They can only
     * stand inside JSON strings, where those escapes mean the same characters.
     */
    private static void appendJson(StringBuilder out, String json) {
        if (SyslogText.isClean(json)) {
            out.append(json);
            return;
        }
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (SyslogText.isControl(c)) {
                out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                out.append(c).append(json.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append("\\ufffd");
            } else {
                out.append(c);
            }
        }
    }

    private static boolean isAsciiAlnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append(value < 10 ? "0" : "").append(value);
    }
}
