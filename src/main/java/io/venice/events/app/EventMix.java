package io.venice.events.app;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;

/**
 * Realistic events for load: varied types, nodes, objects and messages, with a share of exact repeats
 * (the dispatcher folds those into counts) and a share of critical ones. One per thread; not thread-safe.
 */
final class EventMix {

    /** One event to record. */
    record Sample(String type, Severity severity, String message, ObjectRef ref) {
    }

    /** Types from the shipped catalog, with the object kind they concern and a message template. */
    private record Template(String type, Severity severity, String kind, String message) {
    }

    static final List<String> TYPES = List.of("LINK_DOWN", "LINK_UP", "NIC_DISCONNECTED", "NODE_DISCONNECTED",
            "BGP_SESSION_DOWN", "DISK_THRESHOLD_EXCEEDED", "CONFIG_APPLIED", "SERVICE_RESTARTED", "TEMPERATURE_HIGH",
            "LEADER_CHANGED");

    private static final List<Template> TEMPLATES = List.of(
            new Template("LINK_DOWN", Severity.WARN, "Port", "Link on port %s went down: carrier lost after %d CRC errors in the last minute"),
            new Template("LINK_UP", Severity.INFO, "Port", "Link on port %s came up at 100G full duplex after %d ms of negotiation"),
            new Template("NIC_DISCONNECTED", Severity.WARN, "NetworkInterface", "Interface %s stopped responding to management heartbeats (%d missed)"),
            new Template("NODE_DISCONNECTED", Severity.WARN, "Node", "Node %s missed %d consecutive health checks and is marked unreachable"),
            new Template("BGP_SESSION_DOWN", Severity.WARN, "BGPPeer", "BGP session with peer %s went down: hold timer expired after %d s"),
            new Template("DISK_THRESHOLD_EXCEEDED", Severity.WARN, "Disk", "Disk %s is %d%% full, above the 85%% warning threshold"),
            new Template("CONFIG_APPLIED", Severity.INFO, "NetworkSecurityPolicy", "Policy %s applied to the datapath in %d ms"),
            new Template("SERVICE_RESTARTED", Severity.WARN, "Service", "Service %s exited unexpectedly and was restarted (restart #%d)"),
            new Template("TEMPERATURE_HIGH", Severity.WARN, "Sensor", "Sensor %s reads %d C, above its warning threshold"),
            new Template("LEADER_CHANGED", Severity.INFO, "Cluster", "Leadership moved to %s at term %d"));

    private final SplittableRandom random;
    private final double dupRatio;
    private final double criticalRatio;
    private final String messageSubstring;
    private final List<Sample> sent = new ArrayList<>();

    /**
     * @param dupRatio         share of exact repeats of an earlier event, 0..1
     * @param criticalPct      percent of events with severity critical, 0..100
     * @param messageSubstring text put in every message (to find them later), or null
     */
    EventMix(long seed, double dupRatio, double criticalPct, String messageSubstring) {
        this.random = new SplittableRandom(seed);
        this.dupRatio = dupRatio;
        this.criticalRatio = criticalPct / 100.0;
        this.messageSubstring = messageSubstring;
    }

    Sample next() {
        if (!sent.isEmpty() && random.nextDouble() < dupRatio) {
            return sent.get(random.nextInt(sent.size()));
        }
        Template template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
        String object = template.kind().toLowerCase() + "-" + random.nextInt(1000);
        String message = String.format(template.message(), object, random.nextInt(1, 100_000))
                + (messageSubstring == null ? "" : " [" + messageSubstring + "]");
        Severity severity = random.nextDouble() < criticalRatio ? Severity.CRITICAL : template.severity();
        Sample sample = new Sample(template.type(), severity, message,
                new ObjectRef("default", "default", template.kind(), object, null));
        if (sent.size() < 10_000) {
            sent.add(sample);
        } else {
            sent.set(random.nextInt(sent.size()), sample);
        }
        return sample;
    }
}
