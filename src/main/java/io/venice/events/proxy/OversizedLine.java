package io.venice.events.proxy;

/** Stands in for a request line longer than {@code proxy.max-line-bytes}; its bytes were discarded unread. */
public record OversizedLine(int maxLineBytes) {
}
