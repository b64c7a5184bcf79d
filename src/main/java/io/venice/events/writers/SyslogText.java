package io.venice.events.writers;

/**
 * What the syslog formatters write of an event's text: never a control character, so a message stays one
 * record whatever framing carries it (a line feed would split it for a collector that reads lines).
 *
 * <p>Each C0 control character, DEL and each C1 control character (U+0080..U+009F) becomes {@code #} and its
 * code in three octal digits, as rsyslog shows control characters it receives ({@code $EscapeControlCharactersOnReceive}):
 * a line feed is {@code #012}, ESC {@code #033}, NEL {@code #205}. A collector's files and searches then look the
 * same whether the event came through us or straight to rsyslog, and nothing is lost (unlike U+FFFD). An unpaired
 * surrogate, which has no UTF-8 form, becomes U+FFFD.
 */
final class SyslogText {

    private SyslogText() {
    }

    /** Appends text for MSG (RFC 5424) or CONTENT (RFC 3164). */
    static StringBuilder appendText(StringBuilder out, String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                appendOctal(out, c);
            } else if (Character.isSurrogate(c)) {
                i = appendSurrogate(out, text, i);
            } else {
                out.append(c);
            }
        }
        return out;
    }

    /**
     * Appends an SD PARAM-VALUE (RFC 5424 section 6.3.3): {@code "}, {@code \} and {@code ]} get a backslash
     * before them, control characters are written as in {@link #appendText}.
     */
    static StringBuilder appendParamValue(StringBuilder out, String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\').append(c);
            } else if (isControl(c)) {
                appendOctal(out, c);
            } else if (Character.isSurrogate(c)) {
                i = appendSurrogate(out, value, i);
            } else {
                out.append(c);
            }
        }
        return out;
    }

    /** Whether text needs any of the replacements of {@link #appendText}. */
    static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** C0 controls, DEL and C1 controls. */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    private static void appendOctal(StringBuilder out, char c) {
        out.append('#').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7))).append((char) ('0' + (c & 7)));
    }

    /** A valid pair as it is, an unpaired surrogate as U+FFFD; returns the index of the last char taken. */
    private static int appendSurrogate(StringBuilder out, String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(i + 1));
            return i + 1;
        }
        out.append('\uFFFD');
        return i;
    }
}
