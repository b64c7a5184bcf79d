package io.venice.events.app;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ports the runner listens on, by the key that sets each, for the one error a user can act on when a start
 * fails with "Address already in use" (Netty and Vert.x name neither the port nor the key): which of them another
 * process holds, found by trying to bind each once the failed start let go of its own.
 */
final class ListenerPorts {

    private final Map<String, String> hostByPortKey = new LinkedHashMap<>();
    private final Map<String, Integer> portByPortKey = new LinkedHashMap<>();

    ListenerPorts(PipelineConfig config) {
        if (config.proxyPlaintextEnabled()) {
            add("proxy.port", config.proxyHost(), config.proxyPort());
        }
        if (config.proxyTls().enabled()) {
            add("proxy.tls.port", config.proxyTls().host(), config.proxyTls().port());
        }
        if (config.httpEnabled()) {
            add("proxy.http-port", config.httpHost(), config.httpPort());
        }
        if (config.managementEnabled()) {
            add("management.port", config.managementHost(), config.managementPort());
        }
    }

    private void add(String key, String host, int port) {
        hostByPortKey.put(key, host);
        portByPortKey.put(key, port);
    }

    /** Whether {@code failure} is, or was caused by, a port that could not be bound. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** The first listener whose port cannot be bound now, as the problem to report. */
    Optional<String> taken() {
        for (Map.Entry<String, Integer> entry : portByPortKey.entrySet()) {
            String host = hostByPortKey.get(entry.getKey());
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), entry.getValue()));
            } catch (IOException e) {
                return Optional.of(entry.getKey() + ": cannot listen on " + host + ":" + entry.getValue()
                        + " (is another process using that port?)");
            }
        }
        return Optional.empty();
    }
}
