package io.venice.events.recorder;

import java.net.URI;

/** The proxy's address: {@code tcp://host:port} or {@code host:port}. */
public record ProxyAddress(String host, int port) {

    public static ProxyAddress parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("proxy URL is missing (expected tcp://host:port)");
        }
        String withScheme = url.contains("://") ? url.trim() : "tcp://" + url.trim();
        try {
            URI uri = URI.create(withScheme);
            if ("tcp".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
                return new ProxyAddress(uri.getHost(), uri.getPort());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + url + "' is not a proxy URL (expected tcp://host:port)");
    }

    @Override
    public String toString() {
        return "tcp://" + host + ":" + port;
    }
}
