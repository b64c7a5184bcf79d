package io.venice.events.recorder;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.netty.NettyConstants;

/**
 * Sends request lines to the proxy through Camel's netty producer and waits at most the send timeout
 * for the reply line. The endpoint is resolved once, here: resolving it on a send would create Camel's netty
 * component in the caller's thread, before the wait starts (hundreds of milliseconds on a cold JVM).
 */
final class ProxyClient {

    /** A request the proxy answers {@code ok} and counts nowhere (no event, no rejection): a list of nothing. */
    static final String EMPTY_REQUEST = "{\"kind\":\"EventList\",\"items\":[]}";

    private final ProducerTemplate template;
    private final Endpoint endpoint;
    private final Duration timeout;

    ProxyClient(CamelContext context, ProxyAddress proxy, Duration timeout) {
        this.template = context.createProducerTemplate();
        this.timeout = timeout;
        long millis = Math.max(1, timeout.toMillis());
        this.endpoint = context.getEndpoint("netty:tcp://" + proxy.host() + ":" + proxy.port()
                + "?textline=true&sync=true&encoding=UTF-8&decoderMaxLineLength=16777216"
                + "&requestTimeout=" + millis + "&connectTimeout=" + millis);
    }

    /**
     * Opens the connection the next sends use (the netty producer keeps it in its pool) by sending
     * {@link #EMPTY_REQUEST}, and loads on the way everything a send needs; waits up to {@code patience} for the
     * reply (on a cold JVM the first request takes longer than a send timeout: the caller should not wait for it).
     */
    void connect(Duration patience) throws ProxyUnavailableException {
        CompletableFuture<String> reply = template.asyncRequestBodyAndHeader(endpoint, EMPTY_REQUEST,
                NettyConstants.NETTY_REQUEST_TIMEOUT, patience.toMillis(), String.class);
        ProxyReply answer = await(reply, System.nanoTime() + patience.toNanos(), patience);
        if (!answer.ok()) {
            throw new ProxyUnavailableException("the proxy answered an empty request with: " + answer.error());
        }
    }

    /** The proxy's reply; throws {@link ProxyUnavailableException} when there is none within the timeout. */
    ProxyReply send(String line) throws ProxyUnavailableException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return await(template.asyncRequestBody(endpoint, line, String.class), deadline, timeout);
    }

    private static ProxyReply await(CompletableFuture<String> reply, long deadline, Duration timeout) throws ProxyUnavailableException {
        try {
            return ProxyReply.parse(reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
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
