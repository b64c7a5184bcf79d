package io.venice.events.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * TLS contexts from PEM files, as operators have them (a CA bundle, a certificate chain, an unencrypted PKCS#8
 * key), and as Camel's components take them ({@link #camelParameters}).
 * A problem with a file is an {@link IllegalArgumentException} naming the file and what is wrong with it.
 */
public final class PemTls {

    private static final Pattern KEY_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]*)-----END \\1PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /**
     * A client's context: trusts the certificates of {@code caFile} (null: the JVM's default trust store),
     * presents {@code certFile}/{@code keyFile} when the server asks (both null: no client certificate).
     * Every engine it creates is for {@code peerHost:peerPort} (SNI) and, when {@code verifyHostname}, checks
     * the server's certificate names that host (as HTTPS does).
     */
    public static SSLContext client(Path caFile, Path certFile, Path keyFile, String peerHost, int peerPort,
                                    boolean verifyHostname) {
        SSLContext context = context(keyManagers(certFile, keyFile), trustManagers(caFile));
        return new SSLContext(new PeerEngines(context, peerHost, peerPort, verifyHostname),
                context.getProvider(), context.getProtocol()) {
        };
    }

    /**
     * A server's context: presents {@code certFile}/{@code keyFile}; trusts client certificates issued by
     * {@code clientCaFile} (null: the JVM's default trust store). Whether a client certificate is required is the
     * endpoint's choice (camel-netty's needClientAuth).
     */
    public static SSLContext server(Path certFile, Path keyFile, Path clientCaFile) {
        if (certFile == null || keyFile == null) {
            throw new IllegalArgumentException("a TLS server needs both a certificate file and a key file");
        }
        return context(keyManagers(certFile, keyFile), trustManagers(clientCaFile));
    }

    /** {@code context} as Camel's components take a TLS configuration (camel-netty, camel-http). */
    public static SSLContextParameters camelParameters(SSLContext context) {
        return new SSLContextParameters() {
            @Override
            public SSLContext createSSLContext(CamelContext camelContext) {
                return context;
            }
        };
    }

    /** The certificates of a PEM file (a bundle or a chain), at least one. */
    public static List<Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + ": no PEM certificate in it");
            }
            return List.copyOf(certificates);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + ": not a PEM certificate file (" + e.getMessage() + ")");
        }
    }

    /** The private key of a PEM file: unencrypted PKCS#8 ("BEGIN PRIVATE KEY"), RSA, EC or EdDSA. */
    public static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        Matcher block = KEY_BLOCK.matcher(text);
        if (!block.find()) {
            throw new IllegalArgumentException(file + ": no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)");
        }
        String kind = block.group(1).trim();
        if (!kind.isEmpty()) {
            throw new IllegalArgumentException(file + ": a " + kind + " key; venice-events reads unencrypted PKCS#8 keys: "
                    + "convert it with 'openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem'");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the private key is not valid base64");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(file + ": the private key is not an RSA, EC or EdDSA PKCS#8 key");
    }

    private static KeyManager[] keyManagers(Path certFile, Path keyFile) {
        if (certFile == null && keyFile == null) {
            return null;
        }
        if (certFile == null || keyFile == null) {
            throw new IllegalArgumentException("a certificate needs its key and a key its certificate: give both files");
        }
        List<Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException(keyFile + ": the key does not go with the certificate of " + certFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(keyFile + ": the key does not go with the certificate of " + certFile
                    + " (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code key} is the private half of {@code certificate}'s public key: a probe signed and verified. */
    private static boolean matches(PrivateKey key, Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "venice-events".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static TrustManager[] trustManagers(Path caFile) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile == null) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int n = 0;
                for (Certificate certificate : certificates(caFile)) {
                    store.setCertificateEntry("ca-" + n++, certificate);
                }
                factory.init(store);
            }
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(caFile + ": cannot be used as trusted certificates (" + e.getMessage() + ")");
        }
    }

    private static SSLContext context(KeyManager[] keyManagers, TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** Engines for one peer: camel-netty asks its context for engines without saying for which host. */
    private static final class PeerEngines extends SSLContextSpi {
        private final SSLContext delegate;
        private final String host;
        private final int port;
        private final boolean verifyHostname;

        PeerEngines(SSLContext delegate, String host, int port, boolean verifyHostname) {
            this.delegate = delegate;
            this.host = host;
            this.port = port;
            this.verifyHostname = verifyHostname;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, java.security.SecureRandom sr) {
            throw new UnsupportedOperationException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return engineCreateSSLEngine(host, port);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String peerHost, int peerPort) {
            SSLEngine engine = delegate.createSSLEngine(peerHost, peerPort);
            engine.setUseClientMode(true);
            if (verifyHostname) {
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(parameters);
            }
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }
    }
}
