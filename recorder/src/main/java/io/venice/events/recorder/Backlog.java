package io.venice.events.recorder;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.venice.events.text.LogText;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a recorder's events wait in its backup, and the one lock under which that changes: an event backed
 * up sets it; the replay route's poll (this is its file consumer's poll strategy) first moves the live file
 * behind the files waiting for replay when none is left, and ends the backlog once a poll delivered every file
 * and nothing new came meanwhile. While it is set, new events go to the backup, so none overtakes an older one.
 * Within one poll, a file after one that failed is left for the next poll, so files reach the proxy in order.
 */
final class Backlog implements PollingConsumerPollStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(Backlog.class);

    private final BackupStore store;
    private final String component;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong failedReplays = new AtomicLong();
    private volatile boolean pending;
    private volatile boolean pollFailed;

    Backlog(BackupStore store, String component) {
        this.store = store;
        this.component = component;
        this.pending = !store.isEmpty();
    }

    boolean pending() {
        return pending;
    }

    /** Replays that failed so far (the proxy away or busy). */
    long failedReplays() {
        return failedReplays.get();
    }

    /** Appends one event (a JSON line) after everything backed up, and keeps the backlog pending. */
    void append(String line, String why) {
        lock.lock();
        try {
            if (!pending) {
                LOG.warn("Proxy not taking events ({}); backing up to {} until it does", LogText.of(why),
                        store.replayDir().getParent());
            }
            pending = true;
            store.append(List.of(line));
        } finally {
            lock.unlock();
        }
    }

    /** Whether the replay route may send this file: not when an older file failed in this poll. */
    boolean mayReplay() {
        return !pollFailed;
    }

    /** The replay route could not deliver a file: it stays, and is sent again at the next poll. */
    void replayFailed(Throwable why) {
        pollFailed = true;
        failedReplays.incrementAndGet();
        LOG.debug("Backlog of {} not replayed yet: {}", component, LogText.of(String.valueOf(why)));
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        pollFailed = false;
        lock.lock();
        try {
            if (pending && !store.hasFilesToReplay()) {
                store.rotate();
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (pollFailed || !pending) {
            return;
        }
        lock.lock();
        try {
            if (!store.hasFilesToReplay() && !store.hasLiveEvents()) {
                pending = false;
                LOG.info("Backlog for {} delivered; sending directly again", component);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        replayFailed(cause);
        return false;
    }
}
