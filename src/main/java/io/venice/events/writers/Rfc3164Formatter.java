package io.venice.events.writers;
import io.venice.events.model.Event;
// placeholder
public class Rfc3164Formatter implements SyslogFormatter {
  public Rfc3164Formatter(SyslogFacility f, String tag, java.time.Clock c, java.time.ZoneId z) {}
  public String format(Event e) { return "<14>Jan  1 00:00:00 - t: " + e.message(); }
}
