package io.venice.events.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import io.venice.events.tls.PemTls;

/**
 * A TLS client's PEM files, as the {@code *.tls.*} keys give them: the CA bundle to trust ({@code ca-file}; null:
 * the JVM's trust store), the client certificate chain and its key ({@code cert-file} + {@code key-file}; null:
 * no client certificate), and whether the server's certificate must name the host connected to.
 */
public record TlsFiles(Path caFile, Path certFile, Path keyFile, boolean verifyHostname) {

    /** No files: the JVM's trust store, no client certificate, the host name checked. */
    public static final TlsFiles DEFAULTS = new TlsFiles(null, null, null, true);

    /** A context whose engines are for {@code host:port} (SNI, hostname verification when asked). */
    public SSLContext clientContext(String host, int port) {
        return PemTls.client(caFile, certFile, keyFile, host, port, verifyHostname);
    }

    /** Whether any file is set. */
    public boolean anyFile() {
        return caFile != null || certFile != null || keyFile != null;
    }

    /**
     * Reads {@code <prefix>ca-file}, {@code cert-file}, {@code key-file} (empty or unset: none) and, when
     * {@code withVerifyHostname}, {@code verify-hostname} (default true); checks each file set (it exists, holds
     * what it should, the key goes with the certificate), reporting each problem with its key.
     */
    static TlsFiles read(Function<String, Optional<String>> lookup, String prefix, boolean withVerifyHostname,
                         Consumer<String> problems) {
        Path ca = file(lookup, prefix + "ca-file", problems, PemTls::certificates);
        Path cert = file(lookup, prefix + "cert-file", problems, PemTls::certificates);
        Path key = file(lookup, prefix + "key-file", problems, PemTls::privateKey);
        boolean verify = true;
        if (withVerifyHostname) {
            String value = lookup.apply(prefix + "verify-hostname").map(String::trim).orElse("").toLowerCase(Locale.ROOT);
            if (value.equals("false")) {
                verify = false;
            } else if (!value.isEmpty() && !value.equals("true")) {
                problems.accept(prefix + "verify-hostname: '" + value + "' is not true or false");
            }
        }
        boolean certSet = set(lookup, prefix + "cert-file");
        boolean keySet = set(lookup, prefix + "key-file");
        if (certSet != keySet) {
            problems.accept(prefix + (certSet ? "key-file" : "cert-file") + ": missing: a client certificate needs "
                    + "both " + prefix + "cert-file and " + prefix + "key-file");
        } else if (cert != null && key != null) {
            try {
                PemTls.client(null, cert, key, "localhost", 0, false); // the key goes with the certificate
            } catch (IllegalArgumentException e) {
                problems.accept(prefix + "key-file: " + e.getMessage());
            }
        }
        return new TlsFiles(ca, cert, key, verify);
    }

    private static boolean set(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).filter(v -> !v.isBlank()).isPresent();
    }

    /** The file of {@code key}, null when unset or when it cannot be used (a problem then says why). */
    private static Path file(Function<String, Optional<String>> lookup, String key, Consumer<String> problems,
                             Function<Path, ?> check) {
        Optional<String> value = lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return null;
        }
        Path file = Path.of(value.get());
        if (!Files.isRegularFile(file)) {
            problems.accept(key + ": " + file + ": no such file");
            return null;
        }
        try {
            check.apply(file);
            return file;
        } catch (IllegalArgumentException e) {
            problems.accept(key + ": " + e.getMessage());
            return null;
        }
    }
}
