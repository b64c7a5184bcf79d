package io.venice.events.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.venice.events.window.FifoTimeWindow;

/**
 * The event uuids the proxy accepted recently ({@code proxy.duplicate-uuid-window}, at most
 * {@code proxy.duplicate-uuid-max}). A sender that did not get the reply (a timeout after the proxy took
 * the event) sends the event again with the same uuid; the proxy acknowledges it without dispatching it
 * a second time, so replays never inflate counts. A copy that arrives while the first is still being stored is
 * told to retry: acknowledging it before the first is on disk could acknowledge an event that is then lost.
 * <p>
 * A uuid is claimed by the request (an exchange) that brought it until that request's events are stored
 * ({@link #stored(String)}) or given up ({@link #forget(String)}); a second copy in the same request is a plain
 * duplicate.
 */
public final class AcceptedUuids {

    /** What the proxy knows of an event's uuid. */
    public enum Claim {
        /** Not seen within the window: this copy is taken (and now claimed until stored or forgotten). */
        NEW,
        /** An earlier copy is in the event store, or in the same request: this one is acknowledged, not stored again. */
        DUPLICATE,
        /** An earlier copy, of another request, is being stored right now: its outcome is not known yet. */
        PENDING
    }

    /** Marks a uuid whose event is stored (any other value: the id of the request storing it). */
    private static final String STORED = "";

    /** uuid → STORED, or the request that is storing it. */
    private final FifoTimeWindow<Object, String> accepted;

    public AcceptedUuids(Duration window, long maxUuids, Clock clock) {
        this.accepted = new FifoTimeWindow<>(window, maxUuids, clock);
    }

    /** Claims the uuid for {@code request} if it is new; otherwise says what became of the earlier copy. */
    public Claim claim(String uuid, String request) {
        Claim[] claim = {Claim.NEW};
        accepted.compute(compact(uuid), (key, holder) -> {
            if (holder == null) {
                return request;
            }
            claim[0] = holder.equals(STORED) || holder.equals(request) ? Claim.DUPLICATE : Claim.PENDING;
            return holder;
        });
        return claim[0];
    }

    /** The event of this uuid is in the event store: a later copy is a duplicate. */
    public void stored(String uuid) {
        accepted.compute(compact(uuid), (key, holder) -> STORED);
    }

    /** Remembers a uuid accepted before a restart, as accepted at {@code acceptedAtMillis} (oldest first). */
    public void restore(String uuid, long acceptedAtMillis) {
        accepted.restore(compact(uuid), STORED, acceptedAtMillis);
    }

    /** Forgets a uuid whose event was not taken after all (the event store was full): a resend is new. */
    public void forget(String uuid) {
        accepted.remove(compact(uuid));
    }

    /** Whether the uuid is remembered (stored or being stored). */
    public boolean contains(String uuid) {
        return accepted.contains(compact(uuid));
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
