package io.venice.events.writers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.venice.events.model.Event;

/**
 * A batch of events as what the syslog transport sends: over TCP one buffer holding every message framed with
 * RFC 6587 octet counting ({@code MSG-LEN SP SYSLOG-MSG}, as RFC 5425 frames over TLS), so a batch is one socket
 * write; over UDP one datagram per message (UDP has no framing).
 */
public final class SyslogFrames {

    private final SyslogFormatter formatter;
    private final boolean octetCounted;

    public SyslogFrames(SyslogFormatter formatter, boolean octetCounted) {
        this.formatter = formatter;
        this.octetCounted = octetCounted;
    }

    /** What to send, in order: one buffer (TCP) or one datagram per event (UDP). */
    public List<byte[]> frames(List<Event> events) {
        if (!octetCounted) {
            List<byte[]> datagrams = new ArrayList<>(events.size());
            for (Event event : events) {
                datagrams.add(formatter.format(event).getBytes(StandardCharsets.UTF_8));
            }
            return datagrams;
        }
        ByteArrayOutputStream frames = new ByteArrayOutputStream(events.size() * 400);
        for (Event event : events) {
            byte[] message = formatter.format(event).getBytes(StandardCharsets.UTF_8);
            frames.writeBytes(Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII));
            frames.write(' ');
            frames.writeBytes(message);
        }
        return List.of(frames.toByteArray());
    }
}
