package io.venice.events.model;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How serious an event is; lower case on the wire, mapped to a syslog severity code (RFC 5424 6.2.1). */
public enum Severity {
    INFO("info", 6),
    WARN("warn", 4),
    CRITICAL("critical", 2),
    DEBUG("debug", 7);

    private final String wireName;
    private final int syslogCode;

    Severity(String wireName, int syslogCode) {
        this.wireName = wireName;
        this.syslogCode = syslogCode;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** RFC 5424 severity: info 6 (informational), warn 4 (warning), critical 2, debug 7. */
    public int syslogCode() {
        return syslogCode;
    }

    /** Parses a wire name, accepting any letter case; empty when the name is not a severity. */
    public static Optional<Severity> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (Severity s : values()) {
            if (s.wireName.equals(lower)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static Severity fromJson(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException(
                Quoted.of(name) + " is not a severity (expected one of info, warn, critical, debug)"));
    }
}
