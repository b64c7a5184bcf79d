package io.venice.events.app;

import java.net.URI;
import java.util.Locale;

/** {@code writers.syslog.target}: {@code udp://host:port} or {@code tcp://host:port}. */
public record SyslogTarget(String transport, String host, int port) {

    public static SyslogTarget parse(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not udp://host:port or tcp://host:port");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("udp") && !scheme.equals("tcp") || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("'" + value + "' is not udp://host:port or tcp://host:port");
        }
        return new SyslogTarget(scheme, uri.getHost(), uri.getPort());
    }

    public boolean isTcp() {
        return transport.equals("tcp");
    }
}
