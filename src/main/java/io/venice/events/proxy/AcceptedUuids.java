package io.venice.events.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.UUID;

import io.venice.events.window.FifoTimeWindow;
import io.venice.events.window.UuidRing;

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

    /** A uuid claimed by a request storing it right now, since when. */
    private record Claimed(String request, long sinceMillis) {
    }

    private final long windowMillis;
    private final Clock clock;
    /** uuid (a {@link UUID}, or the text of one that is not) → the request storing it; oldest first. */
    private final LinkedHashMap<Object, Claimed> claimed = new LinkedHashMap<>();
    /** The stored uuids, in about 40 bytes each. */
    private final UuidRing stored;
    /** The stored uuids that are no UUID text (none from the recorder; maybe from an old store). */
    private final FifoTimeWindow<String, Boolean> storedTexts;

    public AcceptedUuids(Duration window, long maxUuids, Clock clock) {
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.stored = new UuidRing((int) Math.min(UuidRing.MAX_CAPACITY, Math.max(1, maxUuids)));
        this.storedTexts = new FifoTimeWindow<>(window, maxUuids, clock);
    }

    /** Claims the uuid for {@code request} if it is new; otherwise says what became of the earlier copy. */
    public synchronized Claim claim(String uuid, String request) {
        long now = clock.millis();
        expire(now);
        Object key = compact(uuid);
        if (isStored(key)) {
            return Claim.DUPLICATE;
        }
        Claimed holder = claimed.get(key);
        if (holder != null) {
            return holder.request().equals(request) ? Claim.DUPLICATE : Claim.PENDING;
        }
        claimed.put(key, new Claimed(request, now));
        return Claim.NEW;
    }

    /** The event of this uuid is in the event store: a later copy is a duplicate. Its time runs from its claim. */
    public synchronized void stored(String uuid) {
        Object key = compact(uuid);
        Claimed holder = claimed.remove(key);
        addStored(key, holder == null ? clock.millis() : holder.sinceMillis());
    }

    /** Remembers a uuid accepted before a restart, as accepted at {@code acceptedAtMillis} (oldest first). */
    public synchronized void restore(String uuid, long acceptedAtMillis) {
        addStored(compact(uuid), acceptedAtMillis);
        expire(clock.millis());
    }

    /** Forgets a uuid whose event was not taken after all (the event store was full): a resend is new. */
    public synchronized void forget(String uuid) {
        Object key = compact(uuid);
        claimed.remove(key);
        if (key instanceof UUID id) {
            stored.remove(id);
        } else {
            storedTexts.remove((String) key);
        }
    }

    /** Whether the uuid is remembered (stored or being stored). */
    public synchronized boolean contains(String uuid) {
        expire(clock.millis());
        Object key = compact(uuid);
        return claimed.containsKey(key) || isStored(key);
    }

    private boolean isStored(Object key) {
        return key instanceof UUID id ? stored.contains(id) : storedTexts.contains((String) key);
    }

    private void addStored(Object key, long atMillis) {
        if (key instanceof UUID id) {
            stored.add(id, atMillis);
        } else {
            storedTexts.restore((String) key, Boolean.TRUE, atMillis);
        }
    }

    /** Lets go of what was accepted a window ago or earlier: stored uuids, and claims never settled. */
    private void expire(long now) {
        stored.removeAddedUpTo(now - windowMillis);
        Iterator<Claimed> oldest = claimed.values().iterator();
        while (oldest.hasNext() && now - oldest.next().sinceMillis() >= windowMillis) {
            oldest.remove();
        }
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
