package io.venice.events.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The event uuids the proxy accepted recently ({@code proxy.duplicate-uuid-window}, at most
 * {@code proxy.duplicate-uuid-max}). A sender that did not get the reply (a timeout after the proxy took
 * the event) sends the event again with the same uuid; the proxy acknowledges it without dispatching it
 * a second time, so replays never inflate counts.
 */
public final class AcceptedUuids {

    private final Cache<String, Boolean> accepted;

    public AcceptedUuids(Duration window, long maxUuids, Clock clock) {
        this.accepted = Caffeine.newBuilder()
                .expireAfterWrite(window)
                .maximumSize(maxUuids)
                .executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** Records the uuid; false when it was already accepted within the window. */
    public boolean firstTime(String uuid) {
        return accepted.asMap().putIfAbsent(uuid, Boolean.TRUE) == null;
    }

    /** Forgets uuids whose events were not taken after all (the dispatcher's queue was full). */
    public void forget(Collection<String> uuids) {
        accepted.invalidateAll(uuids);
    }
}
