package io.venice.events.writers;

import static io.venice.events.writers.SampleEvents.CLOCK;
import static io.venice.events.writers.SampleEvents.ENTERPRISE_NUMBER;
import static io.venice.events.writers.SampleEvents.dscNotAdmitted;
import static io.venice.events.writers.SampleEvents.withMessage;
import static io.venice.events.writers.SampleEvents.withSeverity;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.Severity;
import io.venice.events.testing.ReceivedSyslog;
import io.venice.events.testing.RsyslogServer;
import io.venice.events.testing.RsyslogServer.Transport;

/**
 * Sends formatter output to a real rsyslogd and checks what it parsed. How rsyslog 8.2302 reports
 * each field (template properties in brackets):
 * <ul>
 *   <li>PRI, facility, severity [pri, syslogfacility, syslogseverity]: the decimal numbers.</li>
 *   <li>RFC 5424 HOSTNAME, APP-NAME, PROCID, MSGID [hostname, app-name, procid, msgid]: as sent; a nil
 *       value comes back as {@code -}. rsyslog does not enforce the RFC length limits (it took a 256
 *       character HOSTNAME and a 33 character MSGID), so the formatter's truncation is what keeps them.</li>
 *   <li>STRUCTURED-DATA [structured-data]: the element text exactly as sent, escapes kept
 *       ({@code \"}, {@code \\}, {@code \]} are not undone); {@code -} when there is none.</li>
 *   <li>RFC 5424 MSG [msg]: the text after the single space following the SD, UTF-8 intact; a BOM
 *       would be kept, control characters become {@code #ooo} octal escapes (a line feed is {@code #012}),
 *       an absent MSG is the empty string.</li>
 *   <li>RFC 5424 TIMESTAMP [timereported, rfc3339]: as sent, e.g. {@code 2026-11-27T03:38:05.123456Z};
 *       a 7th fractional digit garbles it, hence the truncation to microseconds.</li>
 *   <li>BSD HOST [hostname]: only taken as the host when it is letters, digits, {@code . _ -} ending in
 *       a letter or digit; otherwise rsyslog uses the sender's address and reads the word as the TAG.</li>
 *   <li>BSD TAG: [syslogtag] is {@code venice-events:} with the colon, [programname] and [app-name]
 *       are {@code venice-events}; procid and msgid are {@code -}, protocol-version is {@code 0}.</li>
 *   <li>BSD message [msg]: everything after {@code TAG:}, including the leading space.</li>
 *   <li>BSD TIMESTAMP [timereported]: the receiver's current year and its own zone offset (the server
 *       runs with TZ=UTC, so {@code +00:00}).</li>
 * </ul>
 */
class SyslogFormatsRsyslogIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Rfc5424Formatter rfc5424 =
            new Rfc5424Formatter(SyslogFacility.LOCAL4, "venice-events", ENTERPRISE_NUMBER, CLOCK);
    private final Rfc3164Formatter bsd =
            new Rfc3164Formatter(SyslogFacility.LOCAL4, "venice-events", CLOCK, ZoneOffset.UTC);

    @TempDir
    Path workDir;

    @BeforeAll
    static void requireRsyslog() {
        RsyslogServer.requireOrSkip();
    }

    @Test
    void rfc5424OverUdpArrivesWithEveryHeaderFieldStructuredDataAndMessage() throws IOException {
        String sent = rfc5424.format(dscNotAdmitted());
        String noNode = rfc5424.format(dscNotAdmitted().withSource(new EventSource("pen-npm", null)));

        try (RsyslogServer server = RsyslogServer.start(workDir, Transport.UDP)) {
            sendUdp(server, sent);
            sendUdp(server, noNode);
            List<ReceivedSyslog> received = server.awaitMessages(2, TIMEOUT);

            assertThat(received).hasSize(2);
            ReceivedSyslog first = received.get(0);
            assertThat(first.pri()).isEqualTo(164);
            assertThat(first.facility()).isEqualTo(20);
            assertThat(first.severity()).isEqualTo(4);
            assertThat(first.protocolVersion()).isEqualTo("1");
            assertThat(first.timeReported()).isEqualTo("2026-11-27T03:38:05.123456Z");
            assertThat(first.hostname()).isEqualTo("20.0.1.61");
            assertThat(first.appName()).isEqualTo("venice-events");
            assertThat(first.procId()).isEqualTo("-");
            assertThat(first.msgId()).isEqualTo("DSC_NOT_ADMITTED");
            assertThat(first.structuredData()).isEqualTo(sdOf(sent));
            assertThat(first.msg()).isEqualTo("DSC for host [sim_host1035] not admitted.");
            assertThat(received.get(1).hostname()).isEqualTo("-");
        }
    }

    @Test
    void rfc5424OverTcpWithOctetCountingKeepsEscapedValuesAndNonAsciiText() throws IOException {
        Rfc5424Formatter local0 = new Rfc5424Formatter(SyslogFacility.LOCAL0, "venice-events", ENTERPRISE_NUMBER, CLOCK);
        Event escaped = withMessage(dscNotAdmitted().withCategory("a\"b\\c]d"), "Café on 日本 [node]");
        Event critical = withMessage(withSeverity(dscNotAdmitted(), Severity.CRITICAL), "two\nlines");

        try (RsyslogServer server = RsyslogServer.start(workDir, Transport.TCP)) {
            sendTcpOctetCounted(server, local0.format(escaped), local0.format(critical));
            List<ReceivedSyslog> received = server.awaitMessages(2, TIMEOUT);

            assertThat(received).hasSize(2);
            ReceivedSyslog first = received.get(0);
            assertThat(first.pri()).isEqualTo(132);
            assertThat(first.structuredData()).contains(" category=\"a\\\"b\\\\c\\]d\" ")
                    .isEqualTo(sdOf(local0.format(escaped)));
            assertThat(first.msg()).isEqualTo("Café on 日本 [node]");
            ReceivedSyslog second = received.get(1);
            assertThat(second.pri()).isEqualTo(130);
            assertThat(second.facility()).isEqualTo(16);
            assertThat(second.severity()).isEqualTo(2);
            assertThat(second.msg()).as("rsyslog escapes control characters").isEqualTo("two#012lines");
        }
    }

    @Test
    void bsdOverUdpArrivesWithHostTagAndMessage() throws IOException {
        String sent = bsd.format(dscNotAdmitted());

        try (RsyslogServer server = RsyslogServer.start(workDir, Transport.UDP)) {
            sendUdp(server, sent);
            ReceivedSyslog received = server.awaitMessages(1, TIMEOUT).get(0);

            assertThat(received.pri()).isEqualTo(164);
            assertThat(received.facility()).isEqualTo(20);
            assertThat(received.severity()).isEqualTo(4);
            assertThat(received.protocolVersion()).isEqualTo("0");
            assertThat(received.timeReported()).matches("\\d{4}-11-27T03:38:05\\+00:00");
            assertThat(received.hostname()).isEqualTo("20.0.1.61");
            assertThat(received.tag()).isEqualTo("venice-events:");
            assertThat(received.programName()).isEqualTo("venice-events");
            assertThat(received.appName()).isEqualTo("venice-events");
            assertThat(received.msg()).isEqualTo(" " + sent.substring(sent.indexOf(": ") + 2))
                    .startsWith(" DSC for host [sim_host1035] not admitted. - {\"uuid\":");
        }
    }

    @Test
    void bsdOverTcpWithNewlineFramingKeepsEachEventOneMessage() throws IOException {
        Event multiLine = withMessage(dscNotAdmitted(), "Café\non 日本");
        Event noNode = dscNotAdmitted().withSource(new EventSource("pen-npm", null));

        try (RsyslogServer server = RsyslogServer.start(workDir, Transport.TCP)) {
            sendTcpNewlineDelimited(server, bsd.format(multiLine), bsd.format(noNode));
            List<ReceivedSyslog> received = server.awaitMessages(2, TIMEOUT);

            assertThat(received).hasSize(2);
            assertThat(received.get(0).hostname()).isEqualTo("20.0.1.61");
            assertThat(received.get(0).programName()).isEqualTo("venice-events");
            assertThat(received.get(0).msg()).as("the LF escaped as rsyslog shows one: no second record")
                    .startsWith(" Café#012on 日本 - {");
            assertThat(received.get(1).hostname()).isEqualTo(Rfc3164Formatter.UNKNOWN_HOST);
            assertThat(received.get(1).tag()).isEqualTo("venice-events:");
        }
    }

    /** The structured-data part of an RFC 5424 message the formatter wrote: from the first '[' to the SD's end. */
    private static String sdOf(String message) {
        String header = message.substring(0, message.indexOf(" [event@") + 1);
        String rest = message.substring(header.length());
        String sd = rest;
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '\\') {
                i++;
            } else if (rest.charAt(i) == ']') {
                sd = rest.substring(0, i + 1);
                break;
            }
        }
        return sd;
    }

    private static void sendUdp(RsyslogServer server, String message) throws IOException {
        byte[] bytes = message.getBytes(UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, server.address()));
        }
    }

    /** RFC 6587 octet counting: {@code MSG-LEN SP SYSLOG-MSG}, the length in UTF-8 bytes. */
    private static void sendTcpOctetCounted(RsyslogServer server, String... messages) throws IOException {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            for (String message : messages) {
                byte[] bytes = message.getBytes(UTF_8);
                out.write((bytes.length + " ").getBytes(US_ASCII));
                out.write(bytes);
            }
            out.flush();
        }
    }

    /** RFC 6587 non-transparent framing: each message ends with a line feed. */
    private static void sendTcpNewlineDelimited(RsyslogServer server, String... messages) throws IOException {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            for (String message : messages) {
                out.write(message.getBytes(UTF_8));
                out.write('\n');
            }
            out.flush();
        }
    }
}
