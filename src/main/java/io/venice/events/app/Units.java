package io.venice.events.app;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.util.TimeUtils;

/**
 * Durations and sizes as every venice-events key and option takes them: always with their unit, so that
 * {@code 10} is never silently read as 10 milliseconds or 10 bytes. Call these from any new key's validation
 * (they throw {@link IllegalArgumentException} with the text the user reads, without the key: the caller
 * prefixes it).
 * <ul>
 * <li>a duration: {@code 500ms}, {@code 10s}, {@code 10m}, {@code 24h} (also {@code 1h30m}, {@code 2d});</li>
 * <li>a size: {@code 65536b}, {@code 512k}, {@code 64m}, {@code 1g} (powers of 1024).</li>
 * </ul>
 * Only where {@code 0} means "off" or "never" ({@link #durationOrOff}, {@link #sizeOrOff}) is a bare
 * {@code 0} taken. Camel's own keys ({@code camel.*}, e.g. {@code camel.main.shutdown-timeout} in seconds)
 * are read by Camel and keep Camel's rules.
 */
public final class Units {

    private static final Pattern BARE_NUMBER = Pattern.compile("[-+]?\\d+([.,]\\d+)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([bkmg])", Pattern.CASE_INSENSITIVE);
    private static final Pattern ZERO = Pattern.compile("0+\\s*(ms|s|m|h|d|b|k|g)?", Pattern.CASE_INSENSITIVE);

    private Units() {
    }

    /** A positive duration with its unit. */
    public static Duration duration(String value) {
        String v = value.trim();
        if (BARE_NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException("'" + v + "' has no unit; write " + v + "s, 500ms, 10m or 24h");
        }
        long millis;
        try {
            millis = TimeUtils.toMilliSeconds(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + v + "' is not a duration (e.g. 500ms, 10s, 10m, 24h)");
        }
        if (millis <= 0) {
            throw new IllegalArgumentException("'" + v + "' must be more than zero");
        }
        return Duration.ofMillis(millis);
    }

    /** A positive duration with its unit, or {@code 0} (with or without a unit) for off / never: {@link Duration#ZERO}. */
    public static Duration durationOrOff(String value) {
        String v = value.trim();
        if (ZERO.matcher(v).matches()) {
            return Duration.ZERO;
        }
        if (BARE_NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException("'" + v + "' has no unit; write " + v + "s, 500ms, 10m or 24h, or 0 for never");
        }
        return duration(v);
    }

    /** A size in bytes with its unit: {@code b}, or {@code k}, {@code m}, {@code g} (times 1024, 1024², 1024³), in {@code min..max}. */
    public static long size(String value, long min, long max) {
        String v = value.trim();
        if (BARE_NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException("'" + v + "' has no unit; write " + v + "b, 512k, 64m or 1g");
        }
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + v + "' is not a size (e.g. 65536b, 512k, 64m, 1g)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (max >> shift) || (n << shift) < min) {
            throw new IllegalArgumentException(v + " is out of range " + min + ".." + max + " bytes");
        }
        return n << shift;
    }

    /** A size as {@link #size}, or {@code 0} (with or without a unit) for off: 0. */
    public static long sizeOrOff(String value, long min, long max) {
        return ZERO.matcher(value.trim()).matches() ? 0 : size(value, min, max);
    }
}
