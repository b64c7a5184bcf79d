package io.venice.events.proxy;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.venice.events.model.Event;
import io.venice.events.testing.Events;
import io.venice.events.testing.ProxyClient;
import io.venice.events.testing.PipelineHarness;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy route on the real YAML and a real TCP socket, with the dispatcher replaced by a mock. */
class ProxyRouteTest {

    @TempDir
    Path dataDir;
    PipelineHarness pipeline;
    MockEndpoint dispatched;

    @BeforeEach
    void start() throws Exception {
        pipeline = PipelineHarness.builder(dataDir)
                .property("proxy.max-line-bytes", "1k")
                .advise("proxy", a -> a.weaveByToUri("direct:dispatcher").replace().to("mock:dispatched"))
                .start();
        dispatched = pipeline.context().getEndpoint("mock:dispatched", MockEndpoint.class);
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
    }

    @Test
    void acknowledgesAnEventAndQueuesItWithDefaultsForTheDispatcher() throws Exception {
        dispatched.expectedMessageCount(1);

        String reply;
        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            reply = client.send(Events.linkDownLine("eth1"));
        }

        dispatched.assertIsSatisfied();
        @SuppressWarnings("unchecked")
        List<Event> events = dispatched.getReceivedExchanges().get(0).getMessage().getBody(List.class);
        assertThat(events).hasSize(1);
        assertThat(reply).isEqualTo("{\"status\":\"ok\",\"uuid\":\"" + events.get(0).uuid() + "\"}");
        assertThat(events.get(0).category()).isEqualTo("network");
        assertThat(events.get(0).nodeName()).isEqualTo("leaf1");
    }

    @Test
    void answersEveryLineInOrderOnOneConnectionAndQueuesOnlyWhatItAccepted() throws Exception {
        dispatched.expectedMessageCount(2);

        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            assertThat(client.send(Events.linkDownLine("eth1"))).startsWith("{\"status\":\"ok\"");
            assertThat(client.send("{oops")).startsWith("{\"status\":\"error\",\"error\":\"malformed JSON");
            assertThat(client.send("")).isEqualTo("{\"status\":\"error\",\"error\":\"empty line\"}");
            assertThat(client.send("x".repeat(5000))).isEqualTo(
                    "{\"status\":\"error\",\"error\":\"line longer than proxy.max-line-bytes (1024 bytes) was discarded; send smaller lines\"}");
            client.sendRaw(new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, 0, '\n'});
            assertThat(client.readReply()).startsWith("{\"status\":\"error\",\"error\":\"malformed JSON");
            assertThat(client.send(Events.linkDownLine("eth2"))).startsWith("{\"status\":\"ok\"");
        }

        dispatched.assertIsSatisfied();
    }

    @Test
    void refusesTheProbesOfValuesNoWriterCouldDeliverAndQueuesNothingOfThem() throws Exception {
        String event = Events.linkDownLine("eth1");
        String largestInstant = event.replace("{\"type\"",
                "{\"meta\":{\"creation-time\":\"+1000000000-12-31T23:59:59.999999999Z\"},\"type\"");
        String hugeCount = event.replace("{\"type\"", "{\"count\":2147483648,\"type\"");
        String notAUuid = event.replace("{\"type\"", "{\"meta\":{\"uuid\":\"\\u001b[2J\"},\"type\"");

        try (ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            assertThat(client.send(largestInstant)).isEqualTo("{\"status\":\"error\",\"error\":\"meta.creation-time: "
                    + "'+1000000000-12-31T23:59:59.999999999Z' is not a valid timestamp (expected RFC 3339 with a year "
                    + "0000 to 9999, e.g. 2026-11-27T03:38:05.123Z)\"}");
            assertThat(client.send(hugeCount)).isEqualTo("{\"status\":\"error\",\"error\":\"count: 2147483648 is out of "
                    + "range (expected an integer from 1 to 2147483647)\"}");
            assertThat(client.send(notAUuid)).isEqualTo("{\"status\":\"error\",\"error\":\"meta.uuid: '\\\\u001b[2J' is "
                    + "not a UUID (expected 8-4-4-4-12 hexadecimal digits, e.g. 0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01)\"}");
        }

        assertThat(dispatched.getReceivedCounter()).isZero();
        assertThat(pipeline.context().getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class)
                .get(ProxyIntake.REJECTED).tag("reason", "out_of_range").counter().count()).isEqualTo(2);
    }

    @Test
    void servesOtherClientsWhileOneSaysNothingAndAnotherSendsHalfALine() throws Exception {
        dispatched.expectedMessageCount(1);

        try (Socket silent = new Socket("127.0.0.1", pipeline.proxyPort());
                Socket halfLine = new Socket("127.0.0.1", pipeline.proxyPort());
                ProxyClient client = ProxyClient.connect(pipeline.proxyPort())) {
            halfLine.getOutputStream().write("{\"type\":\"LINK_UP\",".getBytes(StandardCharsets.UTF_8));
            halfLine.getOutputStream().flush();

            assertThat(client.send(Events.linkDownLine("eth1"))).startsWith("{\"status\":\"ok\"");
            assertThat(silent.isConnected()).isTrue();
        }

        dispatched.assertIsSatisfied();
    }

    @Test
    void answersEveryLineOfAClientThatStopsSendingThenClosesTheConnection() throws Exception {
        dispatched.expectedMinimumMessageCount(1);

        List<String> replies = new java.util.ArrayList<>();
        try (Socket client = new Socket("127.0.0.1", pipeline.proxyPort())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write((Events.linkDownLine("eth1") + "\n" + Events.linkDownLine("eth2") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput(); // as nc does at the end of its input
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            for (String reply = in.readLine(); reply != null; reply = in.readLine()) {
                replies.add(reply);
            }
        }

        dispatched.assertIsSatisfied();
        int events = dispatched.getExchanges().stream()
                .mapToInt(exchange -> exchange.getMessage().getBody(List.class).size()).sum();
        assertThat(events).as("both events, in one read or two").isEqualTo(2);
        assertThat(replies).hasSize(2).allSatisfy(reply -> assertThat(reply).startsWith("{\"status\":\"ok\""));
    }
}
