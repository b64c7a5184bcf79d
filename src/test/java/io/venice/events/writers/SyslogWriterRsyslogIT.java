package io.venice.events.writers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.PipelineHarness;
import io.venice.events.testing.ReceivedSyslog;
import io.venice.events.testing.RsyslogServer;
import io.venice.events.testing.RsyslogServer.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the real routes: an event sent to the proxy over TCP reaches a real rsyslogd through
 * the syslog writer, over UDP and over octet-counted TCP, in both formats, and rsyslog parses every field.
 */
class SyslogWriterRsyslogIT {

    static final String EVENT = "{\"type\":\"DSC_NOT_ADMITTED\",\"severity\":\"critical\","
            + "\"message\":\"DSC for host [sim_host1035] not admitted: \\\"quota\\\" exceeded, café\","
            + "\"source\":{\"component\":\"pen-npm\",\"node-name\":\"20.0.1.61\"},"
            + "\"object-ref\":{\"kind\":\"Node\",\"name\":\"20.0.1.61\"}}";

    @TempDir
    Path workDir;

    @BeforeAll
    static void requireRsyslog() {
        RsyslogServer.requireOrSkip();
    }

    ReceivedSyslog deliver(Transport transport, String format) throws Exception {
        try (RsyslogServer rsyslog = RsyslogServer.start(workDir.resolve("rsyslog"), transport);
                PipelineHarness pipeline = PipelineHarness.builder(workDir.resolve("data"))
                        .property("writers.syslog.enabled", "true")
                        .property("writers.syslog.target", transport.name().toLowerCase() + "://127.0.0.1:"
                                + rsyslog.address().getPort())
                        .property("writers.syslog.format", format)
                        .property("writers.syslog.facility", "local3")
                        .start();
                ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            assertThat(client.send(EVENT)).startsWith("{\"status\":\"ok\"");
            List<ReceivedSyslog> received = rsyslog.awaitMessages(1, Duration.ofSeconds(10));
            assertThat(received).as(rsyslog.diagnostics()).hasSize(1);
            return received.get(0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"}) // TLS: SyslogTlsRsyslogIT
    void rsyslogParsesEveryRfc5424FieldWeSend(Transport transport) throws Exception {
        ReceivedSyslog message = deliver(transport, "rfc5424");

        assertThat(message.pri()).isEqualTo(19 * 8 + 2); // local3, critical
        assertThat(message.protocolVersion()).isEqualTo("1");
        assertThat(message.hostname()).isEqualTo("20.0.1.61");
        assertThat(message.appName()).isEqualTo("venice-events");
        assertThat(message.procId()).isEqualTo("-");
        assertThat(message.msgId()).isEqualTo("DSC_NOT_ADMITTED");
        assertThat(message.structuredData())
                .startsWith("[event@32473 uuid=\"")
                .contains(" type=\"DSC_NOT_ADMITTED\" severity=\"critical\" category=\"cluster\" count=\"1\""
                        + " component=\"pen-npm\" node=\"20.0.1.61\" ref-kind=\"Node\" ref-name=\"20.0.1.61\"")
                .endsWith("]");
        assertThat(message.msg()).isEqualTo("DSC for host [sim_host1035] not admitted: \"quota\" exceeded, café");
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"}) // TLS: SyslogTlsRsyslogIT
    void rsyslogParsesTheBsdHostTagAndMessage(Transport transport) throws Exception {
        ReceivedSyslog message = deliver(transport, "bsd");

        assertThat(message.pri()).isEqualTo(19 * 8 + 2);
        assertThat(message.hostname()).isEqualTo("20.0.1.61");
        assertThat(message.programName()).isEqualTo("venice-events");
        assertThat(message.msg())
                .startsWith(" DSC for host [sim_host1035] not admitted: \"quota\" exceeded, café - {\"uuid\":\"")
                .contains("\"type\":\"DSC_NOT_ADMITTED\",\"severity\":\"critical\",\"category\":\"cluster\",\"count\":1");
    }
}
