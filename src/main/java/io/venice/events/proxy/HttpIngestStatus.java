package io.venice.events.proxy;

import io.venice.events.dispatcher.EventStates;

/**
 * The HTTP status of a {@code POST /events} reply: the request body is one line of the TCP proxy, and its status
 * says what that line's reply says. {@value #CREATED} when at least one event was stored now; {@value #OK} when
 * the request was acknowledged but nothing new was stored (every event a resend of a uuid already taken, or an
 * empty EventList); {@value #BAD_REQUEST} when the reply is an error (the line, or some items of a list, refused:
 * a list's accepted items are taken all the same, as over TCP). A reply with {@code "retry":true} is
 * {@value #UNAVAILABLE}, set where the route answers it (the events could not be stored).
 */
public final class HttpIngestStatus {

    public static final int OK = 200;
    public static final int CREATED = 201;
    public static final int BAD_REQUEST = 400;
    public static final int UNAVAILABLE = 503;

    /** The status of the reply to {@code batch} (one request body), once its events went through the dispatcher. */
    public int of(IntakeBatch batch, Object dispatched) {
        EventStates states = dispatched instanceof EventStates stored ? stored : null;
        int status = OK;
        for (IntakeBatch.Line line : batch.lines()) {
            if (line.error() != null || line.rejectedTotal() > 0) {
                return BAD_REQUEST;
            }
            for (int i = line.firstEvent(); i < line.firstEvent() + line.eventCount(); i++) {
                if (states == null || !states.isDuplicate(i)) {
                    status = CREATED;
                }
            }
        }
        return status;
    }
}
