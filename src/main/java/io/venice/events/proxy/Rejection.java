package io.venice.events.proxy;

import java.util.Locale;

/** Why the proxy did not take an event: the {@code reason} label of {@code venice_events_rejected_total}. */
public enum Rejection {
    /** The line is not a JSON event or EventList (not JSON, more after the JSON value, not an object, no items array). */
    MALFORMED,
    /** The line was empty or blank. */
    EMPTY,
    /** The line is beyond a limit of the JSON parser (nesting depth, number length, string length). */
    LIMIT,
    /** The event is JSON but breaks a rule: a required field missing, a wrong type or value, a uuid that is not one. */
    INVALID,
    /** A value of the right type beyond its range: {@code count} outside 1 to 2147483647, a timestamp outside the years 0000 to 9999 or with month 13. */
    OUT_OF_RANGE,
    /** The event's creation-time is before {@code proxy.min-creation-time}: its sender's clock was not set. */
    TOO_OLD,
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
