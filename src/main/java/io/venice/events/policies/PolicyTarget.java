package io.venice.events.policies;

import java.util.LinkedHashMap;
import java.util.Map;

import io.venice.events.app.SyslogTarget;

/**
 * One collector of a policy: its {@code destination} ({@code host:port}) and {@code transport} ({@code udp},
 * {@code tcp} or {@code tls}), as the {@link SyslogTarget} the static syslog writer uses too.
 */
public record PolicyTarget(SyslogTarget target) {

    /**
     * The store reader (and writer) name of this target in {@code policy}: {@code policy.<policy>.<transport>.<host>.<port>}
     * ({@code ':'} of an IPv6 address as {@code '_'}). A target keeps it, and so its offset, across updates of its
     * policy for as long as its destination and transport stay the same.
     */
    public String readerName(String policy) {
        String host = target.host().replace("[", "").replace("]", "").replace(':', '_');
        return "policy." + policy + "." + target.transport() + "." + host + "." + target.port();
    }

    /** {@code host:port} as given (an IPv6 host in brackets). */
    public String destination() {
        return target.host() + ":" + target.port();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("destination", destination());
        json.put("transport", target.transport());
        return json;
    }
}
