package io.venice.events.dispatcher;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.model.EventType;
import io.venice.events.policies.PolicyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance mode: while it is on, events of the types the catalog flags {@code suppress-during-maintenance: true}
 * are acknowledged to their sender and dropped by the dispatcher, before the event store (so no writer sees them),
 * each counted in {@value #SUPPRESSED}{@code {type}} ({@code venice_events_suppressed_total}). Turned on and off
 * over the management API ({@code PUT /api/v1/maintenance}); the state is kept in {@code <data.dir>/maintenance.json}
 * and holds across a restart. Off when that file does not exist.
 */
public final class MaintenanceMode {

    /** Micrometer name of the count of suppressed events, tagged {@code type}. */
    public static final String SUPPRESSED = "venice.events.suppressed";

    /** The dispatcher's body for a suppressed event: neither a state to store nor a duplicate ({@link CollectStates}). */
    public static final Object DROPPED = new Object() {
        @Override
        public String toString() {
            return "suppressed during maintenance";
        }
    };

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceMode.class);

    private final EventCatalog catalog;
    private final PolicyFile file;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile boolean enabled;

    /** Reads the state kept in {@code file}. */
    public MaintenanceMode(EventCatalog catalog, PolicyFile file, MeterRegistry meters) throws IOException {
        this.catalog = catalog;
        this.file = file;
        this.meters = meters;
        JsonNode saved = file.read();
        this.enabled = saved != null && saved.path("enabled").asBoolean(false);
        // one counter per type that can be suppressed: bounded by the catalog, and 0 before any maintenance
        catalog.types().values().stream().filter(EventType::suppressDuringMaintenance)
                .forEach(type -> counter(type.name()));
        if (enabled) {
            LOG.warn("Maintenance mode is on (kept in {}): events of the types flagged suppress-during-maintenance "
                    + "are acknowledged and dropped", file.path());
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Turns it on or off, saved first (a state that cannot be saved is not taken). */
    public synchronized void set(boolean on) throws IOException {
        file.write(Map.of("enabled", on));
        if (enabled != on) {
            LOG.warn("Maintenance mode turned {}", on ? "on: events of the types flagged suppress-during-maintenance "
                    + "are acknowledged and dropped" : "off");
        }
        enabled = on;
    }

    /** Whether the dispatcher drops {@code event}: maintenance is on and its type is flagged. */
    public boolean suppresses(Event event) {
        return enabled && catalog.find(event.type()).map(EventType::suppressDuringMaintenance).orElse(false);
    }

    /** Counts {@code event} as suppressed; the dispatcher's body for it from then on. */
    public Object suppress(Event event) {
        counter(event.type()).increment();
        return DROPPED;
    }

    /**
     * For the dispatcher route's {@code ref} language (no bean binding per event, as {@link DispatcherExpressions}):
     * {@code maintenanceSuppresses}, whether the body (an event) is dropped, and {@code maintenanceSuppress}, which
     * counts it and gives the body that replaces it.
     */
    public Map<String, org.apache.camel.Expression> expressions() {
        return Map.of(
                "maintenanceSuppresses", new org.apache.camel.support.ExpressionAdapter() {
                    @Override
                    public Object evaluate(org.apache.camel.Exchange exchange) {
                        return enabled && suppresses(exchange.getMessage().getBody(Event.class));
                    }
                },
                "maintenanceSuppress", new org.apache.camel.support.ExpressionAdapter() {
                    @Override
                    public Object evaluate(org.apache.camel.Exchange exchange) {
                        return suppress(exchange.getMessage().getBody(Event.class));
                    }
                });
    }

    private Counter counter(String type) {
        return counters.computeIfAbsent(type, t -> Counter.builder(SUPPRESSED)
                .description("Events acknowledged and dropped because maintenance mode was on and their type is "
                        + "flagged suppress-during-maintenance")
                .tag("type", t).register(meters));
    }
}
