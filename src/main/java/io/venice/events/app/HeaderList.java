package io.venice.events.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code writers.venice.headers}: extra HTTP headers on every POST, {@code Name: value} pairs separated by
 * {@code ;} ({@code X-Tenant: blue; X-Source: lab-7}). A name is an HTTP token; a value is printable ASCII without
 * {@code ;}, trimmed. Headers the writer sets itself, and {@code Authorization} (the token and credential keys), are
 * refused, as is a name given twice.
 */
final class HeaderList {

    private static final Set<String> RESERVED = Set.of("authorization", "content-type", "content-length", "host",
            "transfer-encoding", "connection", "expect");
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    private HeaderList() {
    }

    /** The headers, in the order given; empty for an empty value. */
    static Map<String, String> parse(String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : value.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + pair.trim() + "' is not Name: value (pairs are separated by ;)");
            }
            String name = pair.substring(0, colon).trim();
            String headerValue = pair.substring(colon + 1).trim();
            if (!name.matches(TOKEN)) {
                throw new IllegalArgumentException("'" + name + "' is not an HTTP header name (letters, digits, -)");
            }
            if (!headerValue.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("the value of " + name + " must be printable ASCII");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower)) {
                throw new IllegalArgumentException(name + " is set by the writer"
                        + (lower.equals("authorization") ? " from writers.venice.token-* or username/password-*" : "")
                        + "; it cannot be an extra header");
            }
            if (headers.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                throw new IllegalArgumentException(name + " is given twice");
            }
            headers.put(name, headerValue);
        }
        return Collections.unmodifiableMap(headers);
    }
}
