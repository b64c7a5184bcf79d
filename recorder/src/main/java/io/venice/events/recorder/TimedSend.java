package io.venice.events.recorder;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.venice.events.recorder.Recorded.Outcome;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * One event through the {@link SendRoute}, as the caller of {@code event()} sees it: the caller waits at most the
 * send timeout, and when it stops waiting it backs the event up itself. Whoever sets the exchange's
 * {@link SendRoute#BACKUP_CLAIM} first (this caller, or the route's Dead Letter Channel) writes the backup, so an
 * event is backed up once however late the route's own failure comes.
 */
final class TimedSend {

    private final ProducerTemplate template;
    private final Endpoint send;
    private final Duration sendTimeout;
    private final Backlog backlog;

    TimedSend(ProducerTemplate template, Endpoint send, Duration sendTimeout, Backlog backlog) {
        this.template = template;
        this.send = send;
        this.sendTimeout = sendTimeout;
        this.backlog = backlog;
    }

    /** Sends one event's JSON line: what became of it, within the send timeout and one backup append. */
    Recorded send(String uuid, String line) {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        AtomicBoolean backedUp = new AtomicBoolean();
        CompletableFuture<Exchange> sent = template.asyncSend(send, exchange -> {
            exchange.getIn().setBody(line);
            exchange.setProperty(SendRoute.BACKUP_CLAIM, backedUp);
        });
        Exchange done;
        try {
            done = sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (backedUp.compareAndSet(false, true)) {
                return backUpHere(uuid, line, "proxy unavailable: no reply within " + sendTimeout.toMillis() + " ms");
            }
            done = sent.join(); // the route is writing it to the backup
        } catch (ExecutionException e) {
            return backUpUnlessDone(uuid, line, backedUp, SendRoute.describe(e.getCause(), sendTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return backUpUnlessDone(uuid, line, backedUp, "interrupted while waiting for the proxy");
        }
        Outcome outcome = done.getProperty(SendRoute.OUTCOME, Outcome.class);
        if (outcome == null) {
            // the exchange did not get through the routes (e.g. they are stopping), or the backup failed
            return backUpUnlessDone(uuid, line, backedUp, SendRoute.describe(done.getException(), sendTimeout));
        }
        return new Recorded(outcome, uuid, done.getProperty(SendRoute.DETAIL, "", String.class));
    }

    private Recorded backUpUnlessDone(String uuid, String line, AtomicBoolean backedUp, String why) {
        if (!backedUp.compareAndSet(false, true)) {
            throw new IllegalStateException("event " + uuid + " was neither acknowledged nor backed up: " + why);
        }
        return backUpHere(uuid, line, why);
    }

    private Recorded backUpHere(String uuid, String line, String why) {
        backlog.append(line, why);
        return new Recorded(Outcome.BACKED_UP, uuid, why);
    }
}
