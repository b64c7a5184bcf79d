package io.venice.events.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

import io.venice.events.window.FifoTimeWindow;

/**
 * The event uuids the proxy accepted recently ({@code proxy.duplicate-uuid-window}, at most
 * {@code proxy.duplicate-uuid-max}). A sender that did not get the reply (a timeout after the proxy took
 * the event) sends the event again with the same uuid; the proxy acknowledges it without dispatching it
 * a second time, so replays never inflate counts.
 */
public final class AcceptedUuids {

    private final FifoTimeWindow<Object, Boolean> accepted;

    public AcceptedUuids(Duration window, long maxUuids, Clock clock) {
        this.accepted = new FifoTimeWindow<>(window, maxUuids, clock);
    }

    /** Records the uuid; false when it was already accepted within the window. */
    public boolean firstTime(String uuid) {
        return accepted.addIfAbsent(compact(uuid), Boolean.TRUE);
    }

    /** Remembers a uuid accepted before a restart, as accepted at {@code acceptedAtMillis} (oldest first). */
    public void restore(String uuid, long acceptedAtMillis) {
        accepted.restore(compact(uuid), Boolean.TRUE, acceptedAtMillis);
    }

    /** Forgets uuids whose events were not taken after all (the event store was full). */
    public void forget(Collection<String> uuids) {
        uuids.forEach(uuid -> accepted.remove(compact(uuid)));
    }

    /** A UUID in its 16-byte form where the text is one (the recorder's always are), else the text. */
    private static Object compact(String uuid) {
        try {
            return UUID.fromString(uuid);
        } catch (IllegalArgumentException notAUuid) {
            return uuid;
        }
    }
}
