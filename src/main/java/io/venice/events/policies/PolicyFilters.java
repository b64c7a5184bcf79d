package io.venice.events.policies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.model.EventType;
import io.venice.events.model.Severity;

/**
 * Which events a policy sends: those at least as severe as {@code minSeverity} (debug &lt; info &lt; warn &lt;
 * critical), and, when the sets are not empty, of one of {@code categories} and of one of {@code types}.
 * An event's category is its own {@code category}, else its type's in the catalog.
 */
public record PolicyFilters(Severity minSeverity, Set<String> categories, Set<String> types) {

    /** Everything: no filter. */
    public static final PolicyFilters NONE = new PolicyFilters(Severity.DEBUG, Set.of(), Set.of());

    public PolicyFilters {
        categories = Set.copyOf(categories);
        types = Set.copyOf(types);
    }

    /** Whether the policy sends {@code event}. */
    public boolean keeps(Event event, EventCatalog catalog) {
        Severity severity = event.severity() == null ? Severity.INFO : event.severity();
        if (severity.syslogCode() > minSeverity.syslogCode()) {
            return false; // syslog codes: the lower, the more severe
        }
        if (!types.isEmpty() && !types.contains(event.type())) {
            return false;
        }
        if (categories.isEmpty()) {
            return true;
        }
        String category = event.category() != null ? event.category()
                : catalog.find(event.type()).map(EventType::category).orElse(null);
        return category != null && categories.contains(category);
    }

    /** The events of {@code batch} the policy sends (the batch itself when it keeps all). */
    public List<Event> select(List<Event> batch, EventCatalog catalog) {
        if (this.equals(NONE)) {
            return batch;
        }
        return batch.stream().filter(event -> keeps(event, catalog)).toList();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("min-severity", minSeverity.wireName());
        json.put("categories", List.copyOf(new TreeSet<>(categories)));
        json.put("types", List.copyOf(new TreeSet<>(types)));
        return json;
    }
}
