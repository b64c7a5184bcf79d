package io.venice.events.recorder;

/**
 * What became of one recorded event.
 *
 * @param outcome what happened
 * @param uuid    the event's uuid, set at record time; a replay keeps it
 * @param detail  why it was backed up or rejected; empty when acknowledged
 */
public record Recorded(Outcome outcome, String uuid, String detail) {

    public enum Outcome {
        /** The proxy acknowledged the event: it is in the pipeline. */
        ACKNOWLEDGED,
        /** The proxy could not take it now; it waits in the backup directory and is replayed in order. */
        BACKED_UP,
        /** The proxy refused the event itself (e.g. a type its catalog does not know); sending it again will not help. */
        REJECTED
    }
}
