package io.venice.events.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Liveness and readiness of the proxy: UP while its port takes TCP connections, checked the way a sender
 * would see it (a connection opened and closed at once, as a load balancer's TCP check does; the proxy
 * answers nothing to a connection that sends nothing). Camel's own {@code consumer:proxy} check says the
 * route runs; this one says the listening socket does. A runner whose socket is gone is DOWN for an
 * orchestrator to restart.
 */
public final class ProxyListeningCheck extends AbstractHealthCheck {

    private final InetSocketAddress address;
    private final Duration timeout;

    /**
     * @param host    the proxy's {@code proxy.host}; a wildcard address is checked on the loopback
     * @param port    the proxy's {@code proxy.port}
     * @param timeout how long a connection may take before the check says DOWN
     */
    public ProxyListeningCheck(String host, int port, Duration timeout) {
        super("venice-events", "proxy-listening");
        boolean wildcard = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")
                || host.equals("[::]");
        this.address = new InetSocketAddress(wildcard ? "127.0.0.1" : host, port);
        this.timeout = timeout;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("address", address.getHostString() + ":" + address.getPort());
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) timeout.toMillis());
            builder.up();
        } catch (IOException e) {
            builder.down();
            builder.message("the proxy does not take connections on " + address.getHostString() + ":"
                    + address.getPort() + " (" + e.getMessage() + ")");
            builder.error(e);
        }
    }
}
