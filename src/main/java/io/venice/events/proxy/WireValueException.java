package io.venice.events.proxy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A value of the wire that the proxy refuses while reading it (a count or a timestamp out of its range or of
 * the wrong shape): the message for the sender, without the field (Jackson adds the path), and the reason it
 * is counted under.
 */
final class WireValueException extends JsonMappingException {

    private final Rejection reason;

    WireValueException(JsonParser parser, Rejection reason, String message) {
        super(parser, message);
        this.reason = reason;
    }

    Rejection reason() {
        return reason;
    }
}
