package io.venice.events.store;

import java.time.Instant;

/**
 * Knows when the connection to a destination that takes data without confirming it (syslog over TCP) last
 * dropped: a store reader with {@code confirmAfter} counts a batch as delivered only once its connection stayed
 * up that long, and sends again what was not confirmed when it drops.
 */
@FunctionalInterface
public interface ConnectionWatch {

    /** When a connection to the destination last closed; {@link Instant#MIN} if none has. */
    Instant lastDrop();
}
