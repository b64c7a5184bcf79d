package io.venice.events.proxy;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.model.EventSource;
import io.venice.events.model.EventType;
import io.venice.events.model.Meta;

/**
 * Fills what a sender may leave out, as the original proxy did: identity (uuid, name, self-link),
 * timestamps, count 1, the category from the catalog, and the node name; a uuid sent in upper case is taken in
 * lower case.
 */
public final class EventDefaults {

    private final EventCatalog catalog;
    private final String nodeName;
    private final boolean overwriteNodeName;
    private final Clock clock;

    /**
     * @param nodeName          the proxy's {@code events.node-name}
     * @param overwriteNodeName {@code proxy.overwrite-node-name}: replace the sender's node name always
     */
    public EventDefaults(EventCatalog catalog, String nodeName, boolean overwriteNodeName, Clock clock) {
        this.catalog = catalog;
        this.nodeName = nodeName;
        this.overwriteNodeName = overwriteNodeName;
        this.clock = clock;
    }

    public Event apply(Event event) {
        Meta meta = event.meta() == null ? Meta.empty() : event.meta();
        if (meta.uuid() == null || meta.uuid().isBlank()) {
            String uuid = UUID.randomUUID().toString();
            meta = meta.withIdentity(uuid, meta.name() == null ? uuid : meta.name(), Event.SELF_LINK_PREFIX + uuid);
        } else {
            String uuid = Uuids.lowerCase(meta.uuid()); // the EventValidator took it as canonical
            if (meta.name() == null || meta.selfLink() == null || !uuid.equals(meta.uuid())) {
                meta = meta.withIdentity(uuid, meta.name() == null ? uuid : meta.name(),
                        meta.selfLink() == null ? Event.SELF_LINK_PREFIX + uuid : meta.selfLink());
            }
        }
        if (meta.creationTime() == null || meta.modTime() == null) {
            Instant created = meta.creationTime() == null ? clock.instant() : meta.creationTime();
            meta = meta.withTimes(created, meta.modTime() == null ? created : meta.modTime());
        }
        Event filled = event.withMeta(meta);
        if (filled.kind() == null) {
            filled = filled.withKind(Event.KIND);
        }
        if (filled.count() == null) {
            filled = filled.withCount(1);
        }
        if (filled.category() == null) {
            filled = filled.withCategory(catalog.find(filled.type()).map(EventType::category).orElse(null));
        }
        EventSource source = filled.source();
        if (overwriteNodeName || source.nodeName() == null || source.nodeName().isBlank()) {
            filled = filled.withSource(source.withNodeName(nodeName));
        }
        return filled;
    }
}
