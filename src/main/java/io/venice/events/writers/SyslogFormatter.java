package io.venice.events.writers;

import io.venice.events.model.Event;

/** Formats one event as one syslog message (no framing). */
public interface SyslogFormatter {
    String format(Event event);
}
