package io.venice.events.text;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()} (ISO-8601 in UTC, the fraction in groups of three digits, as many as it needs) appended
 * to a builder without a {@code DateTimeFormatter}: the syslog formatter and the JSON of every event write one per
 * event, and the formatter's print context was about 5% of the pipeline's profile. Years outside 0..9999 take
 * {@code toString()}.
 */
public final class InstantText {

    private static final long FIRST_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private InstantText() {
    }

    public static StringBuilder append(StringBuilder out, Instant instant) {
        long second = instant.getEpochSecond();
        if (second < FIRST_SECOND || second > LAST_SECOND) {
            return out.append(instant);
        }
        appendSeconds(out, second);
        int nano = instant.getNano();
        if (nano > 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(out, nano / 1000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        return out.append('Z');
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} in UTC of an epoch second in years 0..9999 (the caller checks the range). */
    public static StringBuilder appendSeconds(StringBuilder out, long epochSecond) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        digits(out, time.getYear(), 4).append('-');
        digits(out, time.getMonthValue(), 2).append('-');
        digits(out, time.getDayOfMonth(), 2).append('T');
        digits(out, time.getHour(), 2).append(':');
        digits(out, time.getMinute(), 2).append(':');
        return digits(out, time.getSecond(), 2);
    }

    /** {@code value} (0 or more) in at least {@code width} digits, zeros in front. */
    public static StringBuilder digits(StringBuilder out, int value, int width) {
        for (int pad = width - 1, limit = 10; pad > 0; pad--, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        return out.append(value);
    }
}
