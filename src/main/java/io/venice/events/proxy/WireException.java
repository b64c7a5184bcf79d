package io.venice.events.proxy;

/** A request line the proxy cannot use; the message goes to the sender as the reply's "error". */
public class WireException extends RuntimeException {

    private final Rejection reason;

    public WireException(String message) {
        this(Rejection.MALFORMED, message);
    }

    public WireException(Rejection reason, String message) {
        super(message, null, false, false); // one per bad line: no stack trace
        this.reason = reason;
    }

    /** What the line is counted as in {@code venice_events_rejected_total}. */
    public Rejection reason() {
        return reason;
    }
}
