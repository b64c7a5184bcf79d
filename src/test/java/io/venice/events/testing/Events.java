package io.venice.events.testing;

import java.time.Instant;
import java.util.UUID;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.Meta;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;

/** Sample events, filled the way the proxy fills them. */
public final class Events {

    private Events() {
    }

    /** A LINK_DOWN event from leaf1 about port {@code port}, recorded at {@code at} with a fresh uuid. */
    public static Event linkDown(String port, Instant at) {
        String uuid = UUID.randomUUID().toString();
        return new Event("Event", new Meta(uuid, null, null, uuid, null, at, at, Event.SELF_LINK_PREFIX + uuid),
                "LINK_DOWN", Severity.WARN, "port " + port + " down", "network",
                ObjectRef.of("Port", port), new EventSource("linkmgr", "leaf1"), 1);
    }

    /** The wire form a sender would write for {@link #linkDown} (no uuid: the proxy assigns it). */
    public static String linkDownLine(String port) {
        return "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"port " + port + " down\","
                + "\"source\":{\"component\":\"linkmgr\",\"node-name\":\"leaf1\"},"
                + "\"object-ref\":{\"kind\":\"Port\",\"name\":\"" + port + "\"}}";
    }
}
