package io.venice.events.proxy;

import java.nio.file.Path;
import java.util.Locale;

import javax.net.ssl.SSLContext;

import io.venice.events.tls.PemTls;

/**
 * The proxy's TLS listener ({@code proxy.tls.*}): where it listens, the server's certificate and key, and
 * whether a client must present a certificate issued by {@code clientCaFile}.
 *
 * @param clientCaFile null: the JVM's default trust store (only used with {@link ClientAuth#NEED})
 */
public record ProxyTls(boolean enabled, String host, int port, Path certFile, Path keyFile, Path clientCaFile,
                       ClientAuth clientAuth) {

    /** {@code proxy.tls.client-auth}: whether a client must present a certificate. */
    public enum ClientAuth {
        /** Any client that speaks TLS may send (the connection is encrypted, the client not identified). */
        NONE,
        /** A client without a certificate issued by {@code proxy.tls.client-ca-file} is refused in the handshake. */
        NEED;

        public static ClientAuth parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "need" -> NEED;
                default -> throw new IllegalArgumentException("'" + value + "' is not one of none, need");
            };
        }
    }

    /** Whether the TLS handshake requires a client certificate (camel-netty's {@code needClientAuth}). */
    public boolean needClientAuth() {
        return enabled && clientAuth == ClientAuth.NEED;
    }

    /**
     * The server's TLS context from the PEM files.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it (PemTls)
     */
    public SSLContext serverContext() {
        return PemTls.server(certFile, keyFile, clientAuth == ClientAuth.NEED ? clientCaFile : null);
    }
}
