package io.venice.events.proxy;

/** A request line the proxy cannot use; the message goes to the sender as the reply's "error". */
public class WireException extends RuntimeException {

    public WireException(String message) {
        super(message);
    }
}
