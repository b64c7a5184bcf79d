package io.venice.events.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Liveness and readiness of the proxy: UP while each of its listening ports (the plaintext one, the TLS one
 * when {@code proxy.tls.enabled}) takes TCP connections, checked the way a sender would see it (a connection
 * opened and closed at once, as a load balancer's TCP check does; the proxy answers nothing to a connection
 * that sends nothing, and the TLS listener does not count one closed before its handshake as refused).
 * Camel's own {@code consumer:proxy} check says the route runs; this one says the listening socket does. A
 * runner whose socket is gone is DOWN for an orchestrator to restart.
 */
public final class ProxyListeningCheck extends AbstractHealthCheck {

    /**
     * One listening socket.
     *
     * @param detail the name of its address in the check's details ({@code address}, {@code tls-address})
     * @param host   its configured host; a wildcard address is checked on the loopback
     */
    public record Listener(String detail, String host, int port) {
        InetSocketAddress address() {
            boolean wildcard = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")
                    || host.equals("[::]");
            return new InetSocketAddress(wildcard ? "127.0.0.1" : host, port);
        }
    }

    private final List<Listener> listeners;
    private final Duration timeout;

    /**
     * The plaintext listener only.
     *
     * @param host    the proxy's {@code proxy.host}; a wildcard address is checked on the loopback
     * @param port    the proxy's {@code proxy.port}
     * @param timeout how long a connection may take before the check says DOWN
     */
    public ProxyListeningCheck(String host, int port, Duration timeout) {
        this(List.of(new Listener("address", host, port)), timeout);
    }

    /** Every listener of the proxy (at least one); DOWN when any of them does not take connections. */
    public ProxyListeningCheck(List<Listener> listeners, Duration timeout) {
        super("venice-events", "proxy-listening");
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("the proxy has no listener to check");
        }
        this.listeners = List.copyOf(listeners);
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
        List<String> down = new ArrayList<>();
        IOException firstError = null;
        for (Listener listener : listeners) {
            InetSocketAddress address = listener.address();
            String where = address.getHostString() + ":" + address.getPort();
            builder.detail(listener.detail(), where);
            try (Socket socket = new Socket()) {
                socket.connect(address, (int) timeout.toMillis());
            } catch (IOException e) {
                down.add(where + " (" + e.getMessage() + ")");
                firstError = firstError == null ? e : firstError;
            }
        }
        if (down.isEmpty()) {
            builder.up();
            return;
        }
        builder.down();
        builder.message("the proxy does not take connections on " + String.join(", ", down));
        builder.error(firstError);
    }
}
