package io.venice.events.app;

import java.nio.file.Path;

import io.venice.events.recorder.EventRecorder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The TLS options of the tools that record through the recorder ({@code record}, {@code load}) for a tls:// proxy. */
final class RecorderTlsOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--ca-file", description = "With tls://: the CAs (PEM) the proxy's certificate is checked against "
            + "(default: the JVM's trust store).")
    Path caFile;

    @Option(names = "--cert-file", description = "With tls://: the client certificate (PEM) to present when the proxy "
            + "asks for one (proxy.tls.client-auth=need); needs --key-file.")
    Path certFile;

    @Option(names = "--key-file", description = "With tls://: the key of --cert-file (PEM, unencrypted PKCS#8).")
    Path keyFile;

    @Option(names = "--no-hostname-verification", description = "With tls://: do not check that the proxy's "
            + "certificate names the host of --proxy.")
    boolean noHostnameVerification;

    /** Sets these options on {@code builder}; its {@code build()} checks them against the proxy URL and the files. */
    EventRecorder.Builder applyTo(EventRecorder.Builder builder) {
        if ((certFile == null) != (keyFile == null)) {
            throw new ParameterException(spec.commandLine(), "--cert-file and --key-file go together: give both or neither");
        }
        if (caFile != null) {
            builder.trustedCaFile(caFile);
        }
        if (certFile != null) {
            builder.clientCertificate(certFile, keyFile);
        }
        if (noHostnameVerification) {
            builder.hostnameVerification(false);
        }
        return builder;
    }
}
