package io.venice.events.recorder;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * Sends request lines to the proxy through Camel's netty producer and waits at most the send timeout
 * for the reply line.
 */
final class ProxyClient {

    private final ProducerTemplate template;
    private final String endpointUri;
    private final Duration timeout;

    ProxyClient(CamelContext context, ProxyAddress proxy, Duration timeout) {
        this.template = context.createProducerTemplate();
        this.timeout = timeout;
        long millis = Math.max(1, timeout.toMillis());
        this.endpointUri = "netty:tcp://" + proxy.host() + ":" + proxy.port()
                + "?textline=true&sync=true&encoding=UTF-8&decoderMaxLineLength=16777216"
                + "&requestTimeout=" + millis + "&connectTimeout=" + millis;
    }

    /** The proxy's reply; throws {@link ProxyUnavailableException} when there is none within the timeout. */
    ProxyReply send(String line) throws ProxyUnavailableException {
        CompletableFuture<String> reply = template.asyncRequestBody(endpointUri, line, String.class);
        try {
            return ProxyReply.parse(reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            reply.cancel(true);
            throw new ProxyUnavailableException("no reply within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new ProxyUnavailableException(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProxyUnavailableException("interrupted while waiting for the proxy");
        } catch (RuntimeException e) {
            throw new ProxyUnavailableException("unreadable reply: " + e.getMessage());
        }
    }

    void close() throws Exception {
        template.close();
    }

    /** The proxy did not answer: refused, timed out, or the reply was lost. */
    static final class ProxyUnavailableException extends Exception {
        ProxyUnavailableException(String message) {
            super(message);
        }
    }
}
