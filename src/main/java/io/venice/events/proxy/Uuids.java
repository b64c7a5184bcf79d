package io.venice.events.proxy;

import java.util.Locale;

/**
 * What the proxy takes as {@code meta.uuid}: the canonical text of a UUID (RFC 9562 section 4), 8-4-4-4-12
 * hexadecimal digits, any version. Hex digits are case-insensitive on input (RFC 9562): an upper-case uuid is
 * taken in lower case, so it is the same event as its lower-case form. No braces, {@code urn:uuid:} or missing
 * dashes. Checked by hand, no regex: on the hot path of every event that carries its uuid.
 */
final class Uuids {

    static final String EXPECTED = "expected 8-4-4-4-12 hexadecimal digits, e.g. 0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01";

    private Uuids() {
    }

    static boolean isCanonical(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A canonical uuid in lower case (the same string when it is already). */
    static String lowerCase(String canonical) {
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (c >= 'A' && c <= 'F') {
                return canonical.toLowerCase(Locale.ROOT);
            }
        }
        return canonical;
    }
}
