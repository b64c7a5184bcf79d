package io.venice.events.policies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.venice.events.writers.SyslogFacility;

/**
 * An event policy: which events (its {@link PolicyFilters filters}) go to which syslog collectors (its
 * {@link PolicyTarget targets}), in which format, with which facility and APP-NAME / TAG (prefix).
 *
 * @param name     letters, digits and '-', the policy's key in the API and in its targets' reader names
 * @param format   {@code rfc5424} or {@code bsd}
 * @param facility the facility of every message (the original's facility override)
 * @param prefix   APP-NAME (RFC 5424) or TAG (BSD)
 * @param targets  where the messages go, each delivering on its own
 * @param filters  which events the policy sends
 * @param origin   {@code config} (defined in config/event-policies.yaml, read-only over the API) or {@code api}
 */
public record EventPolicy(String name, String format, SyslogFacility facility, String prefix, List<PolicyTarget> targets,
                          PolicyFilters filters, String origin) {

    public static final String FROM_CONFIG = "config";
    public static final String FROM_API = "api";

    public EventPolicy {
        targets = List.copyOf(targets);
    }

    /** The policy as the API shows it (and as it is persisted, less {@code origin}). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("format", format);
        json.put("facility", facility.keyword());
        json.put("prefix", prefix);
        json.put("targets", targets.stream().map(PolicyTarget::toJson).toList());
        json.put("filters", filters.toJson());
        json.put("origin", origin);
        return json;
    }
}
