package io.venice.events.writers;
import io.venice.events.model.Event;
// placeholder
public class Rfc5424Formatter implements SyslogFormatter {
  public Rfc5424Formatter(SyslogFacility f, String app, int en, java.time.Clock c) {}
  public String format(Event e) { return "<14>1 - - - - - - " + e.message(); }
}
