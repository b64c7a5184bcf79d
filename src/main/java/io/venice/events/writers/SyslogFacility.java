package io.venice.events.writers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.venice.events.model.Severity;

/**
 * Syslog facilities with their RFC 5424 (table 1) codes. The names are the keywords rsyslog
 * shows in {@code %syslogfacility-text%}; codes 12 to 15 have no common keyword elsewhere.
 */
public enum SyslogFacility {
    KERN(0), USER(1), MAIL(2), DAEMON(3), AUTH(4), SYSLOG(5), LPR(6), NEWS(7), UUCP(8), CRON(9),
    AUTHPRIV(10), FTP(11), NTP(12), AUDIT(13), ALERT(14), CLOCK(15),
    LOCAL0(16), LOCAL1(17), LOCAL2(18), LOCAL3(19), LOCAL4(20), LOCAL5(21), LOCAL6(22), LOCAL7(23);

    private final int code;

    SyslogFacility(int code) {
        this.code = code;
    }

    /** The numeric facility code, 0 to 23. */
    public int code() {
        return code;
    }

    /** The lower-case name used in configuration, e.g. {@code local0}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The PRI value of a message with this facility: {@code facility * 8 + severity code}. */
    public int priority(Severity severity) {
        return code * 8 + severity.syslogCode();
    }

    /**
     * Parses a facility name such as {@code local0} or {@code daemon}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException when the name is not one of the facility names
     */
    public static SyslogFacility parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SyslogFacility facility : values()) {
            if (facility.keyword().equals(wanted)) {
                return facility;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a syslog facility (expected one of "
                + Arrays.stream(values()).map(SyslogFacility::keyword).collect(Collectors.joining(", ")) + ")");
    }
}
