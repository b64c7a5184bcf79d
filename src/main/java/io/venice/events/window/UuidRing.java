package io.venice.events.window;

import java.util.UUID;

/**
 * UUIDs in the order they were added, each with the time it was added, at most {@code capacity}, the oldest out
 * first: a {@link FifoTimeWindow} of UUID keys without values, in flat arrays. A UUID costs about 40 bytes
 * here (its two longs, its time, its slot in an open-addressing index) against about 110 as a map entry with its
 * objects, which matters for the 200,000 uuids the proxy remembers by default. The arrays grow by doubling up to
 * the capacity, so an idle window holds little. Not thread-safe.
 */
public final class UuidRing {

    private static final int INITIAL = 1024;
    /** The most UUIDs a ring holds: its index (a power of two, twice as many slots) stays a Java array. */
    public static final int MAX_CAPACITY = 1 << 29;
    /** The time of a UUID removed before its turn to leave: its place in the ring waits for the head. */
    private static final long REMOVED = Long.MIN_VALUE;

    private final int capacity;
    /**
     * Ring position {@code p} at {@code [3p, 3p + 3)}: the UUID's two longs and its time, side by side, so that a
     * probe that finds a slot reads one cache line.
     */
    private long[] ring;
    /** Ring positions: {@code ring.length / 3}. */
    private int length;
    /**
     * Linear probing index, at most half full: 0 for an empty slot, else the UUID's 32-bit hash (high half) and
     * its ring position + 1 (low half). The hash tells most probes apart, and where an entry belongs when one
     * is removed, without reading the ring: one cache miss per lookup rather than one per slot probed.
     */
    private long[] slots;
    private int head;
    /** Ring positions in use from the head, removed ones included. */
    private int used;
    /** UUIDs held (not removed). */
    private int size;

    public UuidRing(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be at least 1 and at most " + MAX_CAPACITY + ": " + capacity);
        }
        this.capacity = capacity;
        allocate(Math.min(capacity, INITIAL));
    }

    public int size() {
        return size;
    }

    public boolean contains(UUID uuid) {
        return slotOf(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()) >= 0;
    }

    /**
     * Adds {@code uuid}, added at {@code addedAtMillis}, unless it is held already (it keeps its time); the oldest
     * leaves when the ring is full. Add in time order: the head is taken as the oldest.
     */
    public void add(UUID uuid, long addedAtMillis) {
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        if (slotOf(hi, lo) >= 0) {
            return;
        }
        while (size >= capacity) {
            removeHead();
        }
        if (used == length) {
            // grow; at full length the ring has places of removed UUIDs (used > size): close them up
            allocate(Math.min(capacity, length * 2));
        }
        int at = (head + used) % length;
        ring[3 * at] = hi;
        ring[3 * at + 1] = lo;
        ring[3 * at + 2] = addedAtMillis;
        used++;
        size++;
        index(at);
    }

    /** Removes {@code uuid} if held. */
    public void remove(UUID uuid) {
        int slot = slotOf(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        if (slot >= 0) {
            ring[3 * position(slots[slot]) + 2] = REMOVED;
            unindex(slot);
            size--;
        }
    }

    /** Lets every UUID added at or before {@code cutoffMillis} go, oldest first (those added after it stay). */
    public void removeAddedUpTo(long cutoffMillis) {
        while (used > 0 && ring[3 * head + 2] <= cutoffMillis) {
            removeHead();
        }
    }

    private void removeHead() {
        if (ring[3 * head + 2] != REMOVED) {
            unindex(slotOf(ring[3 * head], ring[3 * head + 1]));
            size--;
        }
        head = (head + 1) % length;
        used--;
    }

    /** The slot holding this UUID, or -1. */
    private int slotOf(long hi, long lo) {
        int mask = slots.length - 1;
        int hash = hash(hi, lo);
        for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            if ((int) (slots[slot] >>> 32) == hash) {
                int at = 3 * position(slots[slot]);
                if (ring[at] == hi && ring[at + 1] == lo) {
                    return slot;
                }
            }
        }
        return -1;
    }

    private void index(int at) {
        int mask = slots.length - 1;
        int hash = hash(ring[3 * at], ring[3 * at + 1]);
        int slot = hash & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = (long) hash << 32 | (at + 1L);
    }

    /** The ring position a non-empty slot stands for. */
    private static int position(long slot) {
        return (int) slot - 1;
    }

    /** Empties {@code slot}, moving back the entries after it that probing would no longer reach (no tombstones). */
    private void unindex(int slot) {
        int mask = slots.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
            int home = (int) (slots[next] >>> 32) & mask;
            // the entry at `next` may fill the hole when its home is not cyclically within (hole, next]
            boolean reachable = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!reachable) {
                slots[hole] = slots[next];
                hole = next;
            }
        }
        slots[hole] = 0;
    }

    private static int hash(long hi, long lo) {
        long mixed = (hi ^ Long.rotateLeft(lo, 29)) * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 32);
    }

    /** New arrays of {@code length} ring positions holding what is held now, from position 0, indexed again. */
    private void allocate(int newLength) {
        long[] newRing = new long[3 * newLength];
        int kept = 0;
        for (int i = 0; ring != null && i < used; i++) {
            int at = 3 * ((head + i) % length);
            if (ring[at + 2] != REMOVED) {
                System.arraycopy(ring, at, newRing, 3 * kept, 3);
                kept++;
            }
        }
        ring = newRing;
        length = newLength;
        head = 0;
        used = kept;
        size = kept;
        slots = new long[Integer.highestOneBit(Math.max(2, newLength) * 2 - 1) * 2];
        for (int at = 0; at < used; at++) {
            index(at);
        }
    }
}
