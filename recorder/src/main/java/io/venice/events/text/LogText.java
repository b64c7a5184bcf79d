package io.venice.events.text;

/**
 * Makes outside text safe to put in a log line: whatever came from the network, a file or the
 * configuration (a response body, an excerpt of a rejected line, a uuid, a path) is shown with every
 * character that could forge or garble a log line escaped, and cut to a bounded length.
 *
 * <ul>
 *   <li>line feed, carriage return and tab become {@code \n}, {@code \r} and {@code \t};</li>
 *   <li>every other C0 and C1 control character and DEL (ESC included), the Unicode line and paragraph
 *       separators, the bidirectional-text controls and unpaired surrogates become {@code \}{@code uXXXX},
 *       as in JSON, so a terminal or a log viewer shows them instead of acting on them;</li>
 *   <li>past {@code maxChars} characters of the text the rest is left off and counted:
 *       {@code ...(+1234 chars)}.</li>
 * </ul>
 * A backslash is kept as it is: the escapes make a log line unforgeable, not reversible.
 */
public final class LogText {

    /** How much of an outside text a log line shows by default: enough to recognise it, little enough for a flood. */
    public static final int DEFAULT_MAX_CHARS = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    /** The text escaped and cut to {@value #DEFAULT_MAX_CHARS} characters; {@code null} for null. */
    public static String of(CharSequence text) {
        return of(text, DEFAULT_MAX_CHARS);
    }

    /**
     * The text escaped and cut to {@code maxChars} characters of the original (escapes make the result longer,
     * at most six characters for one); {@code null} for null.
     */
    public static String of(CharSequence text, int maxChars) {
        if (text == null) {
            return "null";
        }
        int length = text.length();
        int shown = Math.min(length, Math.max(0, maxChars));
        if (shown > 0 && shown < length && Character.isHighSurrogate(text.charAt(shown - 1))
                && Character.isLowSurrogate(text.charAt(shown))) {
            shown--; // do not cut a pair in two
        }
        if (shown == length && isClean(text)) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (needsEscape(c)) {
                appendEscape(out, c);
            } else {
                out.append(c);
            }
        }
        if (shown < length) {
            out.append("...(+").append(length - shown).append(" chars)");
        }
        return out.toString();
    }

    /** Whether a character is escaped when it stands alone (surrogates are escaped only when unpaired). */
    static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028' || c == '\u2029'
                || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || Character.isSurrogate(c);
    }

    private static boolean isClean(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (needsEscape(c)) {
                return false;
            }
        }
        return true;
    }

    private static void appendEscape(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                    .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
        }
    }
}
