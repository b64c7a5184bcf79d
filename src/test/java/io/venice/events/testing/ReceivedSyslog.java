package io.venice.events.testing;

import java.util.Map;

/**
 * One message as rsyslogd parsed it, each field the text of the rsyslog property named in brackets.
 * rsyslog writes {@code -} for RFC 5424 nil values, escapes control characters as {@code #ooo} (octal),
 * leaves structured data exactly as received (escapes included) and, for BSD messages, keeps the space
 * after {@code TAG:} at the start of {@code msg}.
 *
 * @param pri             PRI ({@code pri})
 * @param facility        facility code ({@code syslogfacility})
 * @param severity        severity code ({@code syslogseverity})
 * @param hostname        HOSTNAME ({@code hostname}); the sender's address when a BSD message had none rsyslog recognised
 * @param appName         APP-NAME ({@code app-name}); for BSD messages the program name
 * @param procId          PROCID ({@code procid})
 * @param msgId           MSGID ({@code msgid})
 * @param structuredData  STRUCTURED-DATA ({@code structured-data}), {@code -} when none
 * @param msg             MSG ({@code msg})
 * @param tag             TAG ({@code syslogtag}); BSD: with its colon, RFC 5424: the APP-NAME
 * @param programName     the tag up to {@code :} or {@code [} ({@code programname})
 * @param protocolVersion {@code 1} for RFC 5424, {@code 0} for BSD ({@code protocol-version})
 * @param timeReported    the message timestamp in RFC 3339 ({@code timereported}); BSD: year and zone are the receiver's
 * @param rawMsg          the message as received, without framing ({@code rawmsg})
 */
public record ReceivedSyslog(int pri, int facility, int severity, String hostname, String appName, String procId,
        String msgId, String structuredData, String msg, String tag, String programName, String protocolVersion,
        String timeReported, String rawMsg) {

    /** The property list of the rsyslog output template; each outname is a component name above. */
    static final String TEMPLATE_PROPERTIES = """
              property(outname="pri" name="pri" format="jsonf")
              property(outname="facility" name="syslogfacility" format="jsonf")
              property(outname="severity" name="syslogseverity" format="jsonf")
              property(outname="hostname" name="hostname" format="jsonf")
              property(outname="appName" name="app-name" format="jsonf")
              property(outname="procId" name="procid" format="jsonf")
              property(outname="msgId" name="msgid" format="jsonf")
              property(outname="structuredData" name="structured-data" format="jsonf")
              property(outname="msg" name="msg" format="jsonf")
              property(outname="tag" name="syslogtag" format="jsonf")
              property(outname="programName" name="programname" format="jsonf")
              property(outname="protocolVersion" name="protocol-version" format="jsonf")
              property(outname="timeReported" name="timereported" dateFormat="rfc3339" format="jsonf")
              property(outname="rawMsg" name="rawmsg" format="jsonf")
            """;

    /** Builds a record from one line the template wrote, already read as a JSON object of strings. */
    static ReceivedSyslog fromFields(Map<String, String> fields) {
        return new ReceivedSyslog(Integer.parseInt(fields.get("pri")), Integer.parseInt(fields.get("facility")),
                Integer.parseInt(fields.get("severity")), fields.get("hostname"), fields.get("appName"),
                fields.get("procId"), fields.get("msgId"), fields.get("structuredData"), fields.get("msg"),
                fields.get("tag"), fields.get("programName"), fields.get("protocolVersion"),
                fields.get("timeReported"), fields.get("rawMsg"));
    }
}
