package io.venice.events.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic events for the load generator, as wire lines of the proxy's protocol.
 * <p>
 * Each event has a type from {@code config/event-types.yaml} with that type's usual severity, component and
 * object, a message of the kind real components write, one of {@value #NODES} nodes, and a tenant and
 * namespace: about 330 bytes as JSON. A share of the events ({@code repeatShare}) are exact repeats: the very
 * JSON of one of the last {@value #RECENT} distinct events this factory made, so the dispatcher sees a
 * duplicate. Every other event is distinct from all others (the message carries a number unique to this
 * factory's {@code stream}), so the dedup window fills with as many keys as distinct events were sent.
 * <p>
 * Not thread-safe: one factory per connection.
 */
public final class EventFactory {

    static final int NODES = 2000;
    static final int RECENT = 1000;

    /** One kind of event: its type, usual severity, source component, object kind and message template. */
    record Kind(String type, String severity, String component, String objectKind, String objectName, String message) {
    }

    /**
     * Templates: {node} a node name, {port} an interface, {n}/{m} small numbers, {ip} an address, {mac} a MAC,
     * {svc} a service, {u} the number that makes the event distinct.
     */
    static final List<Kind> KINDS = List.of(
            new Kind("NODE_ADMITTED", "info", "cmd", "Node", "{node}",
                    "Node {node} was admitted to the cluster after {n} health checks (join request {u})"),
            new Kind("NODE_DISCONNECTED", "critical", "cmd", "Node", "{node}",
                    "Node {node} stopped answering health checks: {n} consecutive probes failed (probe {u})"),
            new Kind("NODE_RECONNECTED", "info", "cmd", "Node", "{node}",
                    "Node {node} answers health checks again after {n}s unreachable (probe {u})"),
            new Kind("DSC_ADMITTED", "info", "cmd", "DistributedServiceCard", "{mac}",
                    "DSC {mac} for host [sim_host{n}] was admitted and joined the fabric (request {u})"),
            new Kind("DSC_NOT_ADMITTED", "warn", "pen-npm", "DistributedServiceCard", "{mac}",
                    "DSC for host [sim_host{n}] not admitted: certificate not signed by the cluster CA (request {u})"),
            new Kind("DSC_DISCONNECTED", "critical", "cmd", "DistributedServiceCard", "{mac}",
                    "DSC {mac} lost contact with the controller, last heartbeat {n}s ago (session {u})"),
            new Kind("LEADER_CHANGED", "info", "cmd", "Cluster", "fabric-{m}",
                    "Leadership of cluster fabric-{m} moved to {node} in term {u}"),
            new Kind("CLOCK_SKEW_DETECTED", "warn", "ntp-agent", "Node", "{node}",
                    "Clock on {node} differs from the leader by {n} ms, allowed 500 ms (sample {u})"),
            new Kind("LINK_UP", "info", "linkmgr", "Port", "{node}/{port}",
                    "Interface {port} on {node} is up at 25G full duplex (ifIndex {u})"),
            new Kind("LINK_DOWN", "warn", "linkmgr", "Port", "{node}/{port}",
                    "Interface {port} on {node} went down: carrier lost, {n} flaps in the last 5 minutes (ifIndex {u})"),
            new Kind("LINK_FLAPPING", "warn", "linkmgr", "Port", "{node}/{port}",
                    "Interface {port} on {node} changed state {n} times in 60s; dampening for 30s (ifIndex {u})"),
            new Kind("NIC_DISCONNECTED", "critical", "nicmgr", "NetworkInterface", "{node}/nic{m}",
                    "NIC {m} on {node} stopped responding to the driver; PCI slot {n} reset (event {u})"),
            new Kind("BGP_SESSION_UP", "info", "bgpd", "BGPPeer", "{ip}",
                    "BGP session to {ip} AS 650{m} established, {n} prefixes received (session {u})"),
            new Kind("BGP_SESSION_DOWN", "critical", "bgpd", "BGPPeer", "{ip}",
                    "BGP session to {ip} AS 650{m} went down: hold timer expired after {n}s (session {u})"),
            new Kind("MTU_MISMATCH", "warn", "linkmgr", "Port", "{node}/{port}",
                    "MTU mismatch on {port} of {node}: local 9216, peer {n}00 (LLDP frame {u})"),
            new Kind("DUPLICATE_IP_DETECTED", "critical", "arpd", "Endpoint", "{ip}",
                    "Duplicate IP {ip} claimed by {mac} and another endpoint on VLAN {n} (conflict {u})"),
            new Kind("FIREWALL_POLICY_DROP_SPIKE", "warn", "fwd", "NetworkSecurityPolicy", "default-deny-{m}",
                    "Policy default-deny-{m} dropped {n}00 packets/s on {node}, 8x its baseline (window {u})"),
            new Kind("SERVICE_STARTED", "info", "systemd", "Service", "{node}/{svc}",
                    "Service {svc} started on {node} in {n} ms (pid {u})"),
            new Kind("SERVICE_RESTARTED", "warn", "systemd", "Service", "{node}/{svc}",
                    "Service {svc} on {node} exited with code {m} and was restarted by its supervisor (pid {u})"),
            new Kind("SERVICE_UNRESPONSIVE", "critical", "healthd", "Service", "{node}/{svc}",
                    "Service {svc} on {node} did not answer /healthz for {n}s (check {u})"),
            new Kind("NODE_REBOOTED", "warn", "kernel", "Node", "{node}",
                    "Node {node} rebooted: uptime was {n} days, reason watchdog (boot {u})"),
            new Kind("FAN_FAILED", "critical", "envmon", "Fan", "{node}/fan{m}",
                    "Fan {m} on {node} runs at {n}0 RPM, below its 3000 RPM minimum (reading {u})"),
            new Kind("TEMPERATURE_HIGH", "warn", "envmon", "Sensor", "{node}/inlet",
                    "Inlet temperature on {node} is 5{m}C, above the 45C warning threshold (reading {u})"),
            new Kind("CERTIFICATE_EXPIRING", "warn", "certmgr", "Certificate", "{svc}-tls",
                    "Certificate {svc}-tls on {node} expires in {n} days (serial {u})"),
            new Kind("ROLLOUT_NODE_UPGRADED", "info", "rollout", "Rollout", "rollout-{m}",
                    "Rollout rollout-{m}: {node} upgraded to 1.{m}.{n} and passed its health gate (step {u})"),
            new Kind("ROLLOUT_FAILED", "critical", "rollout", "Rollout", "rollout-{m}",
                    "Rollout rollout-{m} stopped: {node} failed its health gate after {n} attempts (step {u})"),
            new Kind("CONFIG_APPLIED", "info", "configd", "Config", "{node}",
                    "Configuration generation {u} applied on {node} in {n} ms"),
            new Kind("CONFIG_DRIFT_DETECTED", "warn", "configd", "Config", "{node}",
                    "Running configuration on {node} differs from generation {u} in {n} keys"),
            new Kind("DISK_THRESHOLD_EXCEEDED", "warn", "diskmon", "Node", "{node}",
                    "Disk usage on {node}:/var/lib/venice is 9{m}%, above the 85% threshold (scan {u})"),
            new Kind("MEMORY_THRESHOLD_EXCEEDED", "warn", "memmon", "Node", "{node}",
                    "Memory use on {node} is 9{m}% of 64 GiB, above the 90% threshold (sample {u})"),
            new Kind("CPU_THRESHOLD_EXCEEDED", "warn", "cpumon", "Node", "{node}",
                    "CPU use on {node} stayed at 9{m}% for 5 minutes, above the 85% threshold (sample {u})"),
            new Kind("SESSION_TABLE_FULL", "critical", "fwd", "Node", "{node}",
                    "Session table on {node} is full ({n}0000 flows); new sessions are refused (scan {u})"));

    private static final String[] SERVICES = {"apiserver", "etcd", "npm", "tpm", "evtsmgr", "spyglass", "citadel",
            "rollout", "filebeat", "ntpd", "kube-proxy", "vos"};
    private static final String[] TENANTS = {"default", "default", "default", "acme", "globex", "initech"};
    private static final String[] NAMESPACES = {"default", "default", "prod", "staging"};

    private final SplittableRandom random;
    private final double repeatShare;
    private final long stream;
    private final String[] recent = new String[RECENT];
    private int recentSize;
    private int recentNext;
    private long sequence;
    private long repeats;
    private long distinct;
    private boolean lastWasRepeat;

    /**
     * @param stream      makes this factory's events distinct from every other factory's with another stream
     * @param repeatShare share of events that are exact repeats, 0 to 1
     * @param seed        seed of the pseudo-random choices
     */
    public EventFactory(long stream, double repeatShare, long seed) {
        if (repeatShare < 0 || repeatShare > 1) {
            throw new IllegalArgumentException("repeat share must be between 0 and 1, got " + repeatShare);
        }
        this.stream = stream;
        this.repeatShare = repeatShare;
        this.random = new SplittableRandom(seed ^ (stream * 0x9E3779B97F4A7C15L));
    }

    /** One event's JSON object, on one line, no newline; {@link #lastWasRepeat()} tells whether it repeats one. */
    public String nextEvent() {
        if (recentSize > 0 && repeatShare > 0 && random.nextDouble() < repeatShare) {
            repeats++;
            lastWasRepeat = true;
            return recent[random.nextInt(recentSize)];
        }
        String json = distinctEvent();
        recent[recentNext] = json;
        recentNext = (recentNext + 1) % RECENT;
        recentSize = Math.min(recentSize + 1, RECENT);
        distinct++;
        lastWasRepeat = false;
        return json;
    }

    /** Whether the event {@link #nextEvent()} returned last is an exact repeat of an earlier one. */
    public boolean lastWasRepeat() {
        return lastWasRepeat;
    }

    /** A request line with one event, newline-terminated, UTF-8. */
    public byte[] singleLine() {
        return (nextEvent() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A request line {@code {"kind":"EventList","items":[...]}} of {@code size} events, newline-terminated, UTF-8. */
    public byte[] listLine(int size) {
        StringBuilder line = new StringBuilder(size * 340 + 40).append("{\"kind\":\"EventList\",\"items\":[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(nextEvent());
        }
        return line.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Exact repeats made so far. */
    public long repeats() {
        return repeats;
    }

    /** Distinct events made so far. */
    public long distinct() {
        return distinct;
    }

    private String distinctEvent() {
        Kind kind = KINDS.get(random.nextInt(KINDS.size()));
        String node = "leaf-" + pad(random.nextInt(NODES), 4) + ".dc" + (1 + random.nextInt(4));
        String port = "eth1/" + (1 + random.nextInt(48));
        String n = Integer.toString(2 + random.nextInt(97));
        String m = Integer.toString(1 + random.nextInt(9));
        String ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        String mac = mac();
        String svc = SERVICES[random.nextInt(SERVICES.length)];
        String u = Long.toString(stream * 1_000_000_000L + ++sequence);
        String message = fill(kind.message(), node, port, n, m, ip, mac, svc, u);
        String object = fill(kind.objectName(), node, port, n, m, ip, mac, svc, u);
        String tenant = TENANTS[random.nextInt(TENANTS.length)];
        String namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
        StringBuilder json = new StringBuilder(360);
        json.append("{\"type\":\"").append(kind.type())
                .append("\",\"severity\":\"").append(kind.severity())
                .append("\",\"message\":\"").append(escape(message))
                .append("\",\"source\":{\"component\":\"").append(kind.component())
                .append("\",\"node-name\":\"").append(node)
                .append("\"},\"object-ref\":{\"tenant\":\"").append(tenant)
                .append("\",\"namespace\":\"").append(namespace)
                .append("\",\"kind\":\"").append(kind.objectKind())
                .append("\",\"name\":\"").append(escape(object))
                .append('"').append('}');
        if (random.nextBoolean()) {
            json.append(",\"meta\":{\"labels\":{\"site\":\"").append(node, node.length() - 3, node.length())
                    .append("\",\"rack\":\"r").append(pad(random.nextInt(40), 2)).append("\"}}");
        }
        return json.append('}').toString();
    }

    private String mac() {
        StringBuilder mac = new StringBuilder(14).append("00ae.cd");
        String hex = Integer.toHexString(0x1000000 | random.nextInt(0x1000000)).substring(1);
        return mac.append(hex, 0, 2).append('.').append(hex, 2, 6).toString();
    }

    private static String fill(String template, String node, String port, String n, String m, String ip,
                               String mac, String svc, String u) {
        StringBuilder out = new StringBuilder(template.length() + 48);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            out.append(template, i, open);
            String value = switch (template.substring(open + 1, close)) {
                case "node" -> node;
                case "port" -> port;
                case "n" -> n;
                case "m" -> m;
                case "ip" -> ip;
                case "mac" -> mac;
                case "svc" -> svc;
                case "u" -> u;
                default -> throw new IllegalStateException("unknown placeholder in " + template);
            };
            out.append(value);
            i = close + 1;
        }
        return out.toString();
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    /** JSON string escaping for the few characters that need it. */
    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                out.append(c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
