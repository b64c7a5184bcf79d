package io.venice.events.store;

/** The store holds {@code store.max-bytes} of events the writers have not delivered yet, and takes no more. */
public class StoreFullException extends RuntimeException {

    public StoreFullException(String message) {
        super(message);
    }
}
