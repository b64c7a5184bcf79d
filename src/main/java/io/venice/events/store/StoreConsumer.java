package io.venice.events.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

import io.venice.events.model.Event;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code from: store:<log>?reader=<name>}: delivers what the reader has not delivered yet, on a thread of its
 * own. One exchange per batch (body: the events to deliver, a {@code List<Event>}; header
 * {@link StoreComponent#BATCH_SIZE}), processed synchronously. When the route is done with it (delivered, or
 * its failure handled, e.g. sent to dead letters by {@code onException} with {@code handled: true}) the reader's
 * offset moves past it ({@link WriterFeed#commit()}); when the exchange failed, nothing is committed and the same
 * batch goes again after {@code retryDelay}.
 * <p>
 * The reader's {@link WriterFeed} is opened when the consumer starts, so only started routes hold events in the
 * store. A stop waits for the exchange in flight and closes nothing of the store; what is not delivered goes out
 * after the next start.
 */
public final class StoreConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(StoreConsumer.class);

    private final StoreEndpoint endpoint;
    /** Wakes the thread sleeping between polls or before a retry, when stopping. */
    private final Object wake = new Object();
    private volatile boolean running;
    private ExecutorService thread;
    private WriterFeed feed;

    StoreConsumer(StoreEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        feed = endpoint.getComponent().openReader(endpoint.getReader(), endpoint::newFeed);
        running = true;
        thread = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "store-reader-" + endpoint.getReader());
        WriterFeed started = feed;
        thread.execute(() -> deliverWhileRunning(started));
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        if (thread != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(thread); // the exchange in flight ends
            thread = null;
        }
        if (feed != null) {
            endpoint.getComponent().closeReader(feed);
            feed = null;
        }
        super.doStop();
    }

    private void deliverWhileRunning(WriterFeed feed) {
        while (running) {
            try {
                if (!feed.hasWork()) {
                    pause(endpoint.getPollDelay());
                    continue;
                }
                List<Event> batch = feed.next(); // empty when it only passed held states: look again
                if (!batch.isEmpty() && !deliver(feed, batch)) {
                    pause(endpoint.getRetryDelay());
                }
            } catch (RuntimeException e) {
                LOG.error("store:{} reader {}: cannot read its next batch ({}); trying again in {} ms", endpoint.getLog(),
                        endpoint.getReader(), e.toString(), endpoint.getRetryDelay().toMillis(), e);
                pause(endpoint.getRetryDelay());
            }
        }
    }

    /** One exchange for the batch; true when the route is done with it and its offset moved on. */
    private boolean deliver(WriterFeed feed, List<Event> batch) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(batch);
            exchange.getIn().setHeader(StoreComponent.BATCH_SIZE, batch.size());
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() == null && !exchange.isRollbackOnly()) {
                feed.commit();
                return true;
            }
            String failure = exchange.getException() == null ? "rolled back" : io.venice.events.text.LogText.of(exchange.getException().toString());
            if (running) {
                LOG.warn("store:{} reader {}: a batch of {} events failed ({}); the same batch goes again in {} ms",
                        endpoint.getLog(), endpoint.getReader(), batch.size(), failure, endpoint.getRetryDelay().toMillis());
            } else {
                LOG.info("store:{} reader {}: stopping; a batch of {} events failed ({}): it stays in the store and "
                        + "goes out after the next start", endpoint.getLog(), endpoint.getReader(), batch.size(), failure);
            }
            return false;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void pause(Duration delay) {
        synchronized (wake) {
            if (!running) {
                return;
            }
            try {
                wake.wait(Math.max(1, delay.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
