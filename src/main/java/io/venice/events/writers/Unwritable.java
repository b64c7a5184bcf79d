package io.venice.events.writers;

import io.venice.events.model.Event;

/**
 * An event a writer could not turn into what its destination takes (its formatter threw), and why. The writer
 * leaves it out of what it sends and puts it in its dead letters ({@link DeadLetters#storeUnwritable}); the
 * exchange carries the batch's list in the property {@value #PROPERTY}.
 */
public record Unwritable(Event event, String error) {

    /** The exchange property holding the batch's {@code List<Unwritable>}; absent when every event could be written. */
    public static final String PROPERTY = "VeniceEventsUnwritable";
}
