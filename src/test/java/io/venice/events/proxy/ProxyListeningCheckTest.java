package io.venice.events.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy's listening-socket check against a real socket: UP while it takes connections, DOWN once closed. */
class ProxyListeningCheckTest {

    final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void closeCamel() throws IOException {
        camel.close();
    }

    HealthCheck.Result check(String host, int port) {
        ProxyListeningCheck check = new ProxyListeningCheck(host, port, Duration.ofSeconds(1));
        check.setCamelContext(camel);
        assertThat(check.isLiveness()).as("a runner whose socket is gone needs a restart").isTrue();
        assertThat(check.isReadiness()).isTrue();
        return check.call();
    }

    @Test
    void isUpWhileThePortTakesConnectionsOnTheWildcardAddressToo() throws IOException {
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(check("127.0.0.1", proxy.getLocalPort()).getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(check("0.0.0.0", proxy.getLocalPort()).getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void isDownWhenTheTlsListenerIsGoneThoughThePlaintextOneListens() throws IOException {
        int gonePort;
        try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            gonePort = gone.getLocalPort();
        }
        try (ServerSocket plaintext = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ProxyListeningCheck check = new ProxyListeningCheck(List.of(
                    new ProxyListeningCheck.Listener("address", "127.0.0.1", plaintext.getLocalPort()),
                    new ProxyListeningCheck.Listener("tls-address", "0.0.0.0", gonePort)), Duration.ofSeconds(1));
            check.setCamelContext(camel);

            HealthCheck.Result result = check.call();

            assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message)
                    .startsWith("the proxy does not take connections on 127.0.0.1:" + gonePort + " (Connection refused"));
            assertThat(result.getDetails()).containsEntry("address", "127.0.0.1:" + plaintext.getLocalPort())
                    .containsEntry("tls-address", "127.0.0.1:" + gonePort);
        }
    }

    @Test
    void isDownNamingTheAddressOnceNothingListens() throws IOException {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }

        HealthCheck.Result result = check("127.0.0.1", port);

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message)
                .startsWith("the proxy does not take connections on 127.0.0.1:" + port + " (Connection refused"));
    }
}
