package io.venice.events.policies;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event policies in force: those of {@code config/event-policies.yaml} (read-only here: change the file and
 * restart) and those created over the API (persisted in {@code <data.dir>/policies/event-policies.json}, applied at
 * once and again after a restart). Each change starts, restarts or drops the targets' routes ({@link PolicyRoutes}):
 * an update keeps the progress of a target whose destination and transport stay, a delete drops it. Thread-safe:
 * one change at a time.
 */
public final class EventPolicies {

    /** Most policies at once (config and API together). */
    public static final int MAX_POLICIES = 100;

    private static final Logger LOG = LoggerFactory.getLogger(EventPolicies.class);

    private final EventPolicyParser parser;
    private final PolicyFile file;
    private final TargetRoutes routes;
    private final Map<String, EventPolicy> policies = new TreeMap<>();

    /**
     * @param fromConfig the policies of the configuration file (validated already)
     * @param persisted  the policies created over the API before (validated already)
     */
    public EventPolicies(EventPolicyParser parser, PolicyFile file, TargetRoutes routes, List<EventPolicy> fromConfig,
                         List<EventPolicy> persisted) {
        this.parser = parser;
        this.file = file;
        this.routes = routes;
        fromConfig.forEach(policy -> policies.put(policy.name(), policy));
        persisted.forEach(policy -> policies.put(policy.name(), policy));
    }

    /** Starts every policy's targets (at start, once the route template is loaded). */
    public synchronized void startAll() throws Exception {
        for (EventPolicy policy : policies.values()) {
            for (PolicyTarget target : policy.targets()) {
                routes.start(policy, target);
            }
        }
    }

    public synchronized List<EventPolicy> list() {
        return List.copyOf(policies.values());
    }

    public synchronized Optional<EventPolicy> find(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    /** Creates a policy from the API's JSON: validated, persisted, its targets started. */
    public synchronized EventPolicy create(JsonNode body) throws Exception {
        EventPolicy policy = parser.parse(body, "", EventPolicy.FROM_API);
        if (policies.containsKey(policy.name())) {
            throw new PolicyConflict(409, "policy '" + policy.name() + "' exists already; PUT /api/v1/event-policies/"
                    + policy.name() + " changes it");
        }
        if (policies.size() >= MAX_POLICIES) {
            throw new PolicyConflict(409, "there are " + policies.size() + " policies, the most there may be ("
                    + MAX_POLICIES + "); delete one first");
        }
        policies.put(policy.name(), policy);
        persistOrUndo(() -> policies.remove(policy.name()));
        for (PolicyTarget target : policy.targets()) {
            routes.start(policy, target);
        }
        LOG.info("Event policy {} created with {} targets", policy.name(), policy.targets().size());
        return policy;
    }

    /**
     * Replaces a policy created over the API: targets kept (same destination and transport) restart with the new
     * format, facility, prefix and filters and keep their progress; targets left out are dropped; new ones start
     * with the events arriving from then on.
     */
    public synchronized EventPolicy update(String name, JsonNode body) throws Exception {
        EventPolicy old = changeable(name);
        if (body != null && body.isObject() && !body.has("name")) {
            ((ObjectNode) body).put("name", name);
        }
        List<String> problems = new ArrayList<>();
        EventPolicy policy = parser.parse(body, "", EventPolicy.FROM_API, problems);
        JsonNode bodyName = body != null && body.isObject() ? body.get("name") : null;
        if (bodyName != null && !name.equals(bodyName.asText())) {
            problems.add("name: '" + bodyName.asText() + "' is not the policy of the URL, '" + name
                    + "' (a policy cannot be renamed: create the new one, delete the old one)");
        }
        if (!problems.isEmpty()) {
            throw new PolicyProblems(problems);
        }
        policies.put(name, policy);
        persistOrUndo(() -> policies.put(name, old));
        Set<String> kept = new LinkedHashSet<>();
        for (PolicyTarget target : policy.targets()) {
            kept.add(target.readerName(name));
        }
        for (PolicyTarget target : old.targets()) {
            if (!kept.contains(target.readerName(name))) {
                routes.drop(target.readerName(name));
            }
        }
        for (PolicyTarget target : policy.targets()) {
            routes.start(policy, target);
        }
        LOG.info("Event policy {} updated ({} targets)", name, policy.targets().size());
        return policy;
    }

    /** Deletes a policy created over the API: its targets' routes and offsets go with it. */
    public synchronized EventPolicy delete(String name) throws Exception {
        EventPolicy old = changeable(name);
        policies.remove(name);
        persistOrUndo(() -> policies.put(name, old));
        for (PolicyTarget target : old.targets()) {
            routes.drop(target.readerName(name));
        }
        LOG.info("Event policy {} deleted", name);
        return old;
    }

    private EventPolicy changeable(String name) {
        EventPolicy policy = policies.get(name);
        if (policy == null) {
            throw new PolicyConflict(404, "no policy is named '" + name + "'");
        }
        if (policy.origin().equals(EventPolicy.FROM_CONFIG)) {
            throw new PolicyConflict(409, "policy '" + name + "' is defined in the configuration (events.policies-file):"
                    + " change it there and restart");
        }
        return policy;
    }

    /** Saves the API's policies; when that fails, {@code undo} puts the map back and the failure goes to the caller. */
    private void persistOrUndo(Runnable undo) throws IOException {
        try {
            file.write(PolicyFile.policies(policies.values().stream()
                    .filter(policy -> policy.origin().equals(EventPolicy.FROM_API)).toList()));
        } catch (IOException e) {
            undo.run();
            throw new IOException("cannot save the policies in " + file.path() + ": " + e.getMessage(), e);
        }
    }
}
