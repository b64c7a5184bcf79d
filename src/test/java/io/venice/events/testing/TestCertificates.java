package io.venice.events.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made by the test itself with the {@code openssl} command (EC P-256, PEM, keys as unencrypted
 * PKCS#8): a CA, a server certificate signed by it for {@code localhost} and {@code 127.0.0.1}, a client
 * certificate signed by it, and a second CA ({@link #otherCa}) with a server certificate of its own, for a peer
 * nobody should trust. Valid from now for 30 days.
 */
public record TestCertificates(Path dir, Path caCert, Path serverCert, Path serverKey,
                               Path clientCert, Path clientKey, Path otherCa,
                               Path untrustedServerCert, Path untrustedServerKey,
                               Path wrongHostServerCert, Path wrongHostServerKey) {

    /** Creates every file under {@code dir}. */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            TestCertificates c = new TestCertificates(dir, dir.resolve("ca.pem"), dir.resolve("server.pem"),
                    dir.resolve("server-key.pem"), dir.resolve("client.pem"), dir.resolve("client-key.pem"),
                    dir.resolve("other-ca.pem"), dir.resolve("untrusted-server.pem"),
                    dir.resolve("untrusted-server-key.pem"), dir.resolve("wrong-host-server.pem"),
                    dir.resolve("wrong-host-server-key.pem"));
            Path caKey = dir.resolve("ca-key.pem");
            Path otherCaKey = dir.resolve("other-ca-key.pem");
            selfSigned(dir, c.caCert, caKey, "venice-events test CA");
            selfSigned(dir, c.otherCa, otherCaKey, "untrusted test CA");
            signed(dir, c.serverCert, c.serverKey, c.caCert, caKey, "localhost",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
            signed(dir, c.clientCert, c.clientKey, c.caCert, caKey, "test-client", "extendedKeyUsage=clientAuth");
            signed(dir, c.untrustedServerCert, c.untrustedServerKey, c.otherCa, otherCaKey, "localhost",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
            signed(dir, c.wrongHostServerCert, c.wrongHostServerKey, c.caCert, caKey, "elsewhere.example",
                    "subjectAltName=DNS:elsewhere.example\nextendedKeyUsage=serverAuth");
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void selfSigned(Path dir, Path cert, Path key, String name) throws IOException {
        key(dir, key);
        openssl(dir, "req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-days", "30",
                "-sha256", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", cert.toString());
    }

    private static void signed(Path dir, Path cert, Path key, Path caCert, Path caKey, String cn, String extensions)
            throws IOException {
        key(dir, key);
        Path csr = dir.resolve(cert.getFileName() + ".csr");
        Path ext = dir.resolve(cert.getFileName() + ".ext");
        Files.writeString(ext, extensions + "\n", StandardCharsets.US_ASCII);
        openssl(dir, "req", "-new", "-key", key.toString(), "-subj", "/CN=" + cn, "-out", csr.toString());
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "30", "-sha256", "-extfile", ext.toString(), "-out", cert.toString());
    }

    private static void key(Path dir, Path key) throws IOException {
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running openssl", e);
        }
    }
}
