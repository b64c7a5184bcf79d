package io.venice.events.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the RFC 5424 messages we write (section 6's ABNF): it throws {@link IllegalArgumentException}
 * naming the position of the first thing that is not valid, and hands back the header fields, the unescaped
 * SD-PARAM values of the one SD-ELEMENT and MSG, so a test can compare them with what the event held.
 */
final class Rfc5424Grammar {

    /** One parsed message. */
    record Message(int pri, String timestamp, String hostname, String appName, String procId, String msgId,
                   String sdId, Map<String, String> params, String msg) {
    }

    private static final Pattern HEADER = Pattern.compile(
            "<(0|[1-9][0-9]{0,2})>1 (-|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,6})?Z)"
                    + " ([!-~]{1,255}) ([!-~]{1,48}) ([!-~]{1,128}) ([!-~]{1,32}) ");
    private static final Pattern SD_NAME = Pattern.compile("[!#-<>-\\\\^-~]{1,32}"); // PRINTUSASCII but = SP ] "

    private Rfc5424Grammar() {
    }

    static Message parse(String message) {
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw bad(message, i, "control character " + (int) c);
            }
            if (Character.isHighSurrogate(c) && i + 1 < message.length() && Character.isLowSurrogate(message.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw bad(message, i, "unpaired surrogate (no UTF-8 form)");
            }
        }
        Matcher header = HEADER.matcher(message);
        if (!header.lookingAt()) {
            throw bad(message, 0, "header is not <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID");
        }
        int pri = Integer.parseInt(header.group(1));
        if (pri > 191) {
            throw bad(message, 1, "PRIVAL above 191");
        }
        int at = header.end();
        if (at >= message.length() || message.charAt(at) != '[') {
            throw bad(message, at, "expected an SD-ELEMENT");
        }
        int idEnd = nameEnd(message, at + 1);
        String sdId = message.substring(at + 1, idEnd);
        Map<String, String> params = new LinkedHashMap<>();
        at = idEnd;
        while (message.charAt(at) == ' ') {
            int nameEnd = nameEnd(message, at + 1);
            String name = message.substring(at + 1, nameEnd);
            if (!message.startsWith("=\"", nameEnd)) {
                throw bad(message, nameEnd, "expected =\" after PARAM-NAME");
            }
            StringBuilder value = new StringBuilder();
            at = nameEnd + 2;
            while (true) {
                if (at >= message.length()) {
                    throw bad(message, at, "PARAM-VALUE not closed");
                }
                char c = message.charAt(at);
                if (c == '"') {
                    break;
                }
                if (c == ']') {
                    throw bad(message, at, "unescaped ] in PARAM-VALUE");
                }
                if (c == '\\') {
                    char next = at + 1 < message.length() ? message.charAt(at + 1) : 0;
                    if (next != '"' && next != '\\' && next != ']') {
                        throw bad(message, at, "backslash that escapes nothing");
                    }
                    c = next;
                    at++;
                }
                value.append(c);
                at++;
            }
            if (params.put(name, value.toString()) != null) {
                throw bad(message, at, "PARAM-NAME " + name + " twice");
            }
            at++;
            if (at >= message.length()) {
                throw bad(message, at, "SD-ELEMENT not closed");
            }
        }
        if (message.charAt(at) != ']') {
            throw bad(message, at, "expected ] or another SD-PARAM");
        }
        at++;
        String msg = null;
        if (at < message.length()) {
            if (message.charAt(at) != ' ' || at + 1 == message.length()) {
                throw bad(message, at, "expected SP and MSG after STRUCTURED-DATA");
            }
            msg = message.substring(at + 1);
        }
        return new Message(pri, header.group(2), header.group(3), header.group(4), header.group(5), header.group(6),
                sdId, params, msg);
    }

    private static int nameEnd(String message, int from) {
        Matcher name = SD_NAME.matcher(message).region(from, message.length());
        if (!name.lookingAt()) {
            throw bad(message, from, "expected an SD-NAME");
        }
        return name.end();
    }

    private static IllegalArgumentException bad(String message, int at, String what) {
        return new IllegalArgumentException("not RFC 5424 at " + at + ": " + what + " in "
                + io.venice.events.text.LogText.of(message, 400));
    }
}
