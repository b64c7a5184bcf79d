package io.venice.events.window;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Entries that live for a fixed time from when they were added, at most {@code maxEntries}, oldest out
 * first. Every entry lives equally long, so insertion order is expiry order: the eldest is always the next
 * to expire, and evicting it for room closes the window nearest its end anyway. (A cache such as Caffeine
 * may refuse to admit a new key when full; here the newest key is always kept, which is what a time window
 * needs.) Time comes from the injected clock. Thread-safe.
 */
public final class FifoTimeWindow<K, V> {

    private record Entry<V>(V value, long addedAtMillis) {
    }

    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>();
    private final long windowMillis;
    private final long maxEntries;
    private final Clock clock;

    public FifoTimeWindow(Duration window, long maxEntries, Clock clock) {
        this.windowMillis = window.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * Updates the value of {@code key} atomically: {@code update} gets the current value (null when the key is
     * absent or its time is up) and returns the new one. A key added now starts its time now; an update keeps
     * the time the key was added.
     */
    public synchronized V compute(K key, BiFunction<K, V, V> update) {
        long now = clock.millis();
        evictExpired(now);
        Entry<V> current = entries.get(key);
        V value = update.apply(key, current == null ? null : current.value());
        if (current == null) {
            entries.put(key, new Entry<>(value, now));
            while (entries.size() > maxEntries) {
                Iterator<K> eldest = entries.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        } else {
            entries.put(key, new Entry<>(value, current.addedAtMillis()));
        }
        return value;
    }

    /**
     * Updates the value of a key that is in the window (keeping its time); {@code update} returning null
     * removes it. Does nothing for an absent or expired key.
     */
    public synchronized void computeIfPresent(K key, BiFunction<K, V, V> update) {
        evictExpired(clock.millis());
        Entry<V> current = entries.get(key);
        if (current == null) {
            return;
        }
        V value = update.apply(key, current.value());
        if (value == null) {
            entries.remove(key);
        } else {
            entries.put(key, new Entry<>(value, current.addedAtMillis()));
        }
    }

    /**
     * Puts back an entry remembered from before a restart, as added at {@code addedAtMillis} (an entry already
     * there keeps its time). Restore entries oldest first, so insertion order stays expiry order.
     */
    public synchronized void restore(K key, V value, long addedAtMillis) {
        restore(key, addedAtMillis, current -> value);
    }

    /** As {@link #restore(Object, Object, long)}, the value made from the one already there (null if none). */
    public synchronized void restore(K key, long addedAtMillis, java.util.function.UnaryOperator<V> merge) {
        Entry<V> current = entries.get(key);
        V value = merge.apply(current == null ? null : current.value());
        entries.put(key, new Entry<>(value, current == null ? addedAtMillis : current.addedAtMillis()));
        while (entries.size() > maxEntries) {
            Iterator<K> eldest = entries.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        evictExpired(clock.millis());
    }

    /** Adds the key if absent (or expired); false when it is already in the window. */
    public boolean addIfAbsent(K key, V value) {
        boolean[] added = {false};
        compute(key, (k, current) -> {
            if (current == null) {
                added[0] = true;
                return value;
            }
            return current;
        });
        return added[0];
    }

    public synchronized boolean contains(K key) {
        evictExpired(clock.millis());
        return entries.containsKey(key);
    }

    public synchronized void remove(K key) {
        entries.remove(key);
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized int size() {
        evictExpired(clock.millis());
        return entries.size();
    }

    private void evictExpired(long now) {
        Iterator<Map.Entry<K, Entry<V>>> eldest = entries.entrySet().iterator();
        while (eldest.hasNext() && now - eldest.next().getValue().addedAtMillis() >= windowMillis) {
            eldest.remove();
        }
    }
}
