package io.venice.events.recorder;

/**
 * The caller asked to record an event that cannot be valid: an unknown type, a missing severity, a blank
 * message. Unchecked, like {@link IllegalArgumentException}, which it is: it is a bug in the caller,
 * reported without stopping anything else.
 */
public class InvalidEventException extends IllegalArgumentException {

    public InvalidEventException(String message) {
        super(message);
    }
}
