package io.venice.events.app;

import java.util.regex.Pattern;

import io.venice.events.text.LogText;

/**
 * An error as {@code GET /status} shows it: its class and message, escaped and cut as a log line is
 * ({@link LogText}), with what could be a secret left out: the user and password of a URL
 * ({@code https://user:secret@host} becomes {@code https://***@host}) and the values of its query parameters
 * ({@code ?token=***}).
 */
final class SafeErrorText {

    /** Longest text shown, in characters of the original. */
    static final int MAX_CHARS = 200;

    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#@\\s]*@");
    private static final Pattern QUERY_VALUE = Pattern.compile("([?&][^=&#\\s]+=)[^&#\\s]*");

    private SafeErrorText() {
    }

    static String of(Throwable error) {
        if (error == null) {
            return null;
        }
        String text = error.getMessage() == null ? error.getClass().getName()
                : error.getClass().getSimpleName() + ": " + error.getMessage();
        text = USER_INFO.matcher(text).replaceAll("$1***@");
        text = QUERY_VALUE.matcher(text).replaceAll("$1***");
        return LogText.of(text, MAX_CHARS);
    }
}
