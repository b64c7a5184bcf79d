package io.venice.events.writers;

import io.venice.events.model.Event;

/** Turns one event into one syslog message, ready for a transport to frame and send. */
public interface SyslogFormatter {

    /**
     * Formats an event as a single syslog message.
     *
     * @param event the event to format
     * @return the message without framing and without a trailing newline
     */
    String format(Event event);
}
