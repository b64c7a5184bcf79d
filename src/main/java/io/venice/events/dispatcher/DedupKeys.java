package io.venice.events.dispatcher;

import io.venice.events.model.Event;
import io.venice.events.model.ObjectRef;

/**
 * The dedup key, as the original: type, severity, message, source node and component, and the
 * object-ref's tenant, namespace, kind and name. Identity, category, timestamps and count are not
 * part of it. Each field is length-prefixed, so no two different events can run together into one key.
 */
public final class DedupKeys {

    private DedupKeys() {
    }

    public static String keyOf(Event event) {
        ObjectRef ref = event.objectRef();
        StringBuilder key = new StringBuilder(128);
        append(key, event.type());
        append(key, event.severity() == null ? null : event.severity().wireName());
        append(key, event.message());
        append(key, event.nodeName());
        append(key, event.component());
        append(key, ref == null ? null : ref.tenant());
        append(key, ref == null ? null : ref.namespace());
        append(key, ref == null ? null : ref.kind());
        append(key, ref == null ? null : ref.name());
        return key.toString();
    }

    private static void append(StringBuilder key, String field) {
        if (field == null) {
            key.append("-:");
        } else {
            key.append(field.length()).append(':').append(field);
        }
    }
}
