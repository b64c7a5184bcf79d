package io.venice.events.policies;

import java.util.List;

import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.store.StoreComponent;
import org.apache.camel.Exchange;

/**
 * The first step of a policy target's route: the batch's events the policy's filters select, once per batch;
 * the batch size header then counts those only (what the target's delivered counter adds up). The others are
 * not for this target: its offset moves past them with the batch.
 */
public final class PolicyEventFilter {

    private final PolicyFilters filters;
    private final EventCatalog catalog;

    public PolicyEventFilter(PolicyFilters filters, EventCatalog catalog) {
        this.filters = filters;
        this.catalog = catalog;
    }

    public List<Event> select(List<Event> batch, Exchange exchange) {
        List<Event> kept = filters.select(batch, catalog);
        exchange.getIn().setHeader(StoreComponent.BATCH_SIZE, kept.size());
        return kept;
    }
}
