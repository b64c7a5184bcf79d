package io.venice.events.proxy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads a timestamp of the wire: RFC 3339 {@code date-time} (section 5.6) with a four-digit year, so 0000 to
 * 9999, also once converted to UTC (every writer formats it in UTC with four digits: RFC 5424's TIMESTAMP, the
 * file's and Venice's JSON). {@code T} and {@code Z} may be lower case (RFC 3339 5.6, note); the fraction may
 * have 1 to 9 digits (nanoseconds); the offset is {@code Z} or {@code +hh:mm} / {@code -hh:mm}; a leap second
 * ({@code :60}) is taken as {@code :59} of the same minute, as {@code java.time} does. One pass by hand, no
 * regex: it is on the hot path of every event that carries its own timestamps.
 */
public final class Rfc3339Timestamp {

    /** What a sender reads after the value it sent. */
    public static final String EXPECTED = "expected RFC 3339 with a year 0000 to 9999, e.g. 2026-11-27T03:38:05.123Z";

    static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** Why a text is not a timestamp: its shape ({@code outOfRange} false) or a field beyond its range. */
    public static final class NotATimestamp extends Exception {
        private final boolean outOfRange;

        NotATimestamp(boolean outOfRange) {
            super(null, null, false, false); // thrown per bad value: no stack trace
            this.outOfRange = outOfRange;
        }

        public boolean outOfRange() {
            return outOfRange;
        }
    }

    private static final NotATimestamp SHAPE = new NotATimestamp(false);
    private static final NotATimestamp RANGE = new NotATimestamp(true);

    private Rfc3339Timestamp() {
    }

    public static Instant parse(String s) throws NotATimestamp {
        int n = s.length();
        if (n < 20) {
            throw yearBeyondFourDigits(s) ? RANGE : SHAPE;
        }
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':'
                || (s.charAt(10) != 'T' && s.charAt(10) != 't')) {
            throw yearBeyondFourDigits(s) ? RANGE : SHAPE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            int fraction = i - start;
            if (fraction < 1 || fraction > 9) {
                throw SHAPE;
            }
            nanos = digits(s, start, fraction);
            for (int k = fraction; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            throw SHAPE; // no offset
        }
        int offsetSeconds;
        char sign = s.charAt(i);
        if ((sign == 'Z' || sign == 'z') && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int offsetHours = digits(s, i + 1, 2);
            int offsetMinutes = digits(s, i + 4, 2);
            if (offsetHours > 23 || offsetMinutes > 59) {
                throw RANGE;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            throw SHAPE;
        }
        if (hour > 23 || minute > 59 || second > 60) {
            throw RANGE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw RANGE; // month 13, February 30, ...
        }
        long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw RANGE; // e.g. 9999-12-31T23:59:59-01:00 is in the year 10000 in UTC
        }
        return instant;
    }

    /** {@code +10000-...}, {@code -0001-...}, {@code 10000-...}: a year, but not one of 0000 to 9999. */
    private static boolean yearBeyondFourDigits(String s) {
        boolean negative = s.startsWith("-");
        int i = negative || s.startsWith("+") ? 1 : 0;
        int start = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        int digits = i - start;
        return i < s.length() && s.charAt(i) == '-' && digits >= 4 && (negative || digits > 4);
    }

    private static int digits(String s, int from, int count) throws NotATimestamp {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                throw SHAPE;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
