package io.venice.events.app;

import io.venice.events.tls.PemTls;
import io.venice.events.writers.HttpRequestHeaders;
import org.apache.camel.CamelContext;

/**
 * The camel-http producer URI for Venice, the one place it is built (the writer, {@code replay-dead-letters}), and
 * the beans it and its route refer to: {@code veniceTls} (writers.venice.tls.*: the CA to trust, the client
 * certificate) and {@code veniceRequestHeaders} (the {@code Authorization} header and writers.venice.headers, set on
 * each request by the route: no secret is ever part of the URI, which Camel logs).
 */
final class VeniceEndpoint {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VeniceEndpoint.class);

    static final String HEADERS_BEAN = "veniceRequestHeaders";
    static final String TLS_BEAN = "veniceTls";

    private VeniceEndpoint() {
    }

    /** Binds the beans; the URI throws on non-2xx when {@code throwOnFailure}, and times out a silent server. */
    static String create(CamelContext context, PipelineConfig config, boolean throwOnFailure) {
        VeniceCredentials credentials = config.veniceCredentials();
        if (credentials != null && "http".equals(config.veniceUrl().getScheme())) {
            LOG.warn("writers.venice.url is {}: the Venice writer's {} go over the network unencrypted; use https",
                    config.veniceUrl(), credentials.username() == null ? "token" : "credentials");
        }
        context.getRegistry().bind(HEADERS_BEAN, new HttpRequestHeaders(
                credentials == null ? null : () -> credentials.authorization().reveal(), config.veniceHeaders()));
        String url = config.veniceUrl().toString();
        long timeout = config.veniceTimeout().toMillis();
        String uri = url + (url.contains("?") ? "&" : "?") + "throwExceptionOnFailure=" + throwOnFailure
                + "&connectTimeout=" + timeout + "&responseTimeout=" + timeout;
        TlsFiles tls = config.veniceTls();
        if (tls.anyFile()) {
            int port = config.veniceUrl().getPort() > 0 ? config.veniceUrl().getPort() : 443;
            context.getRegistry().bind(TLS_BEAN, PemTls.camelParameters(tls.clientContext(config.veniceUrl().getHost(), port)));
            uri += "&sslContextParameters=#" + TLS_BEAN;
        }
        return uri;
    }
}
