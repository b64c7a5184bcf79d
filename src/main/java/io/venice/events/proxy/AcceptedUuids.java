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
 * a second time, so replays never inflate counts. A copy that arrives while the first is still being stored is
 * told to retry: acknowledging it before the first is on disk could acknowledge an event that is then lost.
 */
public final class AcceptedUuids {

    /** What the proxy knows of an event's uuid. */
    public enum Claim {
        /** Not seen within the window: this copy is taken (and now claimed until stored or forgotten). */
        NEW,
        /** An earlier copy is in the event store: this one is acknowledged, not stored again. */
        STORED,
        /** An earlier copy is being stored right now: its outcome is not known yet. */
        PENDING
    }

    /** uuid → whether its event is stored (true) or still being stored (false). */
    private final FifoTimeWindow<Object, Boolean> accepted;

    public AcceptedUuids(Duration window, long maxUuids, Clock clock) {
        this.accepted = new FifoTimeWindow<>(window, maxUuids, clock);
    }

    /** Claims the uuid for this copy if it is new; otherwise says whether the earlier copy is stored yet. */
    public Claim claim(String uuid) {
        Claim[] claim = {Claim.NEW};
        accepted.compute(compact(uuid), (key, stored) -> {
            if (stored == null) {
                return Boolean.FALSE;
            }
            claim[0] = stored ? Claim.STORED : Claim.PENDING;
            return stored;
        });
        return claim[0];
    }

    /** The events of these uuids are in the event store: a later copy is a duplicate. */
    public void stored(Collection<String> uuids) {
        uuids.forEach(uuid -> accepted.compute(compact(uuid), (key, stored) -> Boolean.TRUE));
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
