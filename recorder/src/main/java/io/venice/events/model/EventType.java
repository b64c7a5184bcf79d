package io.venice.events.model;

/**
 * One entry of the event-type catalog ({@code config/event-types.yaml}).
 *
 * @param name                      the type name, e.g. {@code NODE_DISCONNECTED}
 * @param category                  one of {@link EventCatalog#CATEGORIES}
 * @param severity                  the severity a recorder uses when it has no better idea
 * @param description               what happened, for people reading the catalog
 * @param suppressDuringMaintenance whether the event is expected noise during a maintenance window
 */
public record EventType(String name, String category, Severity severity, String description,
        boolean suppressDuringMaintenance) {
}
