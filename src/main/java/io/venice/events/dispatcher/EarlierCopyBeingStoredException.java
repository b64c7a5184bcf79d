package io.venice.events.dispatcher;

/**
 * A request carried a copy of an event another request is still storing: nothing of this request is taken, and its
 * sender is told to send it again (then the copy is a duplicate, or new if the original could not be stored).
 */
public final class EarlierCopyBeingStoredException extends RuntimeException {

    public EarlierCopyBeingStoredException(String uuid) {
        super("an earlier copy of event " + uuid + " is still being stored", null, false, false);
    }
}
