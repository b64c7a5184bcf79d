package io.venice.events.app;

import java.net.URI;
import java.util.Locale;

/**
 * {@code writers.syslog.target}: {@code udp://host:port}, {@code tcp://host:port} or {@code tls://host:port}
 * (RFC 5425: the octet-counted frames of TCP, inside TLS).
 */
public record SyslogTarget(String transport, String host, int port) {

    private static final String FORMS = "udp://host:port, tcp://host:port or tls://host:port";

    public static SyslogTarget parse(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not " + FORMS);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("udp") && !scheme.equals("tcp") && !scheme.equals("tls")
                || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("'" + value + "' is not " + FORMS);
        }
        return new SyslogTarget(scheme, uri.getHost(), uri.getPort());
    }

    /**
     * Over a TCP connection ({@code tcp}, or {@code tls} on top of it): octet-counted frames, and a batch confirmed
     * once its connection stayed up ({@code writers.syslog.confirm-after}).
     */
    public boolean isTcp() {
        return transport.equals("tcp") || isTls();
    }

    /** Over TLS ({@code tls://}): RFC 5425. */
    public boolean isTls() {
        return transport.equals("tls");
    }

    @Override
    public String toString() {
        return transport + "://" + host + ":" + port;
    }
}
