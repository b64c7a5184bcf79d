package io.venice.events.writers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.venice.events.model.Event;
import org.apache.camel.Exchange;

/**
 * A batch of events as what the syslog transport sends: over TCP one buffer holding every message framed with
 * RFC 6587 octet counting ({@code MSG-LEN SP SYSLOG-MSG}, as RFC 5425 frames over TLS), so a batch is one socket
 * write; over UDP one datagram per message (UDP has no framing).
 * <p>
 * An event the formatter cannot render (it throws) is left out and listed in the exchange property
 * {@value Unwritable#PROPERTY}, for the route to put in the syslog dead letters: one poison event never stalls
 * the writer, which would otherwise retry its batch for ever.
 */
public final class SyslogFrames {

    private final SyslogFormatter formatter;
    private final boolean octetCounted;

    public SyslogFrames(SyslogFormatter formatter, boolean octetCounted) {
        this.formatter = formatter;
        this.octetCounted = octetCounted;
    }

    /**
     * What to send, in order: one buffer (TCP; none when no event could be formatted) or one datagram per event
     * (UDP); the events left out are in {@code exchange}'s property {@value Unwritable#PROPERTY}.
     */
    public List<byte[]> frames(List<Event> events, Exchange exchange) {
        List<Unwritable> unwritable = null;
        List<byte[]> datagrams = octetCounted ? null : new ArrayList<>(events.size());
        ByteArrayOutputStream frames = octetCounted ? new ByteArrayOutputStream(events.size() * 400) : null;
        for (Event event : events) {
            byte[] message;
            try {
                message = formatter.format(event).getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                if (unwritable == null) {
                    unwritable = new ArrayList<>();
                }
                unwritable.add(new Unwritable(event, e.toString()));
                continue;
            }
            if (octetCounted) {
                frames.writeBytes(Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII));
                frames.write(' ');
                frames.writeBytes(message);
            } else {
                datagrams.add(message);
            }
        }
        if (unwritable != null) {
            exchange.setProperty(Unwritable.PROPERTY, unwritable);
        }
        if (!octetCounted) {
            return datagrams;
        }
        return frames.size() == 0 ? List.of() : List.of(frames.toByteArray());
    }
}
