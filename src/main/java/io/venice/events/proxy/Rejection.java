package io.venice.events.proxy;

import java.util.Locale;

/** Why the proxy did not take an event: the {@code reason} label of {@code venice_events_rejected_total}. */
public enum Rejection {
    /** The line is not a JSON event or EventList (not JSON, empty, not an object, no items array). */
    MALFORMED,
    /** The event is JSON but breaks a rule: a required field missing, a wrong type or value. */
    INVALID,
    /** The event's type is not in the catalog ({@code proxy.type-check=strict}). */
    UNKNOWN_TYPE,
    /** The line was longer than {@code proxy.max-line-bytes}. */
    OVERSIZED,
    /** A copy of one of the events (same uuid) was still being stored: nothing taken, the sender is told to retry. */
    STORING,
    /** The events were valid but the event store is full ({@code store.when-full=reject}): the sender is told to retry. */
    STORE_FULL,
    /** The events were valid but could not be written to the event store (a disk error): the sender is told to retry. */
    STORE_ERROR;

    /** The label value: the name in lower case, e.g. {@code unknown_type}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
