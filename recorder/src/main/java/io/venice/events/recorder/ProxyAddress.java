package io.venice.events.recorder;

import java.net.URI;

/**
 * The proxy's address: {@code tcp://host:port} (or {@code host:port}) for its plaintext listener,
 * {@code tls://host:port} for its TLS listener ({@code proxy.tls.*}).
 */
public record ProxyAddress(String host, int port, boolean tls) {

    public static ProxyAddress parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("proxy URL is missing (expected tcp://host:port or tls://host:port)");
        }
        String withScheme = url.contains("://") ? url.trim() : "tcp://" + url.trim();
        try {
            URI uri = URI.create(withScheme);
            boolean tcp = "tcp".equalsIgnoreCase(uri.getScheme());
            boolean tls = "tls".equalsIgnoreCase(uri.getScheme());
            if ((tcp || tls) && uri.getHost() != null && uri.getPort() > 0) {
                return new ProxyAddress(uri.getHost(), uri.getPort(), tls);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + url + "' is not a proxy URL (expected tcp://host:port or tls://host:port)");
    }

    @Override
    public String toString() {
        return (tls ? "tls://" : "tcp://") + host + ":" + port;
    }
}
