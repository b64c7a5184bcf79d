package io.venice.events.model;

/**
 * How a value a sender sent is quoted back in an error reply: in single quotes, at most {@value #MAX_CHARS}
 * characters of it (a longer value is cut, with how long it was), and control characters (C0, DEL, C1) and
 * the line and paragraph separators shown as {@code \}{@code uXXXX} instead of raw. So an error never echoes
 * unbounded or raw input, whatever the sender sent.
 */
public final class Quoted {

    /** The most characters of a sent value an error quotes: enough to recognise it. */
    public static final int MAX_CHARS = 64;

    private Quoted() {
    }

    /** {@code 'value'}, bounded and escaped; {@code null} for a null value. */
    public static String of(Object value) {
        return value == null ? "null" : quote(value.toString(), "'");
    }

    /** The value bounded and escaped as {@link #of(Object)} does, without quotes: for a number as sent. */
    public static String bare(String value) {
        return quote(value, "");
    }

    private static String quote(String text, String mark) {
        int shown = Math.min(text.length(), MAX_CHARS);
        if (shown < text.length() && Character.isHighSurrogate(text.charAt(shown - 1))) {
            shown--; // do not split a surrogate pair
        }
        StringBuilder quoted = new StringBuilder(shown + 24).append(mark);
        escape(text, 0, shown, quoted);
        quoted.append(mark);
        if (shown < text.length()) {
            quoted.append("... (").append(text.length()).append(" characters)");
        }
        return quoted.toString();
    }

    /** {@code text} with its control characters escaped as in {@link #of(Object)}, not bounded. */
    public static String escaped(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (needsEscape(text.charAt(i))) {
                StringBuilder out = new StringBuilder(text.length() + 16);
                escape(text, 0, text.length(), out);
                return out.toString();
            }
        }
        return text;
    }

    private static void escape(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (needsEscape(c)) {
                out.append("\\u").append(Character.forDigit(c >> 12 & 0xf, 16)).append(Character.forDigit(c >> 8 & 0xf, 16))
                        .append(Character.forDigit(c >> 4 & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(c);
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
    }
}
