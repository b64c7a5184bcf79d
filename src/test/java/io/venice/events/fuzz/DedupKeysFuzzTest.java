package io.venice.events.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.venice.events.dispatcher.DedupKeys;
import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;

/**
 * Two events get the same dedup key exactly when their nine dedup fields are equal: fields cannot run
 * together, a separator inside a value changes nothing, a missing field differs from an empty one. The input
 * is the fields of both events, UTF-8 text split at NUL bytes, a lone SOH byte for a missing field (null).
 * Seeds: src/test/resources/fuzz/dedup.
 */
class DedupKeysFuzzTest {

    /** The dedup fields, in {@link DedupKeys}' order: type, severity, message, node, component, ref tenant, namespace, kind, name. */
    private static final int FIELDS = 9;

    @FuzzTest(maxDuration = "7s")
    @DictionaryEntries({"\\x00", "\\x01", ":", "-:", "0:", "1:", "10:", "warn", "info", "-"})
    void eventsShareAKeyExactlyWhenTheirDedupFieldsAreEqual(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\u0000", -1);
        String[] a = fields(parts, 0);
        String[] b = fields(parts, FIELDS);

        boolean sameFields = Arrays.equals(a, b);
        String keyA = DedupKeys.keyOf(event(a));
        String keyB = DedupKeys.keyOf(event(b));

        assertThat(keyA.equals(keyB)).as("keys %s and %s of fields %s and %s", keyA, keyB,
                Arrays.toString(a), Arrays.toString(b)).isEqualTo(sameFields);
    }

    private static String[] fields(String[] parts, int from) {
        String[] fields = new String[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            String part = from + i < parts.length ? parts[from + i] : null;
            fields[i] = "\u0001".equals(part) ? null : part;
        }
        // severity is an enum: the text picks one (or none), so equal fields mean equal severities
        fields[1] = fields[1] == null || fields[1].isEmpty() ? null
                : Severity.values()[Math.floorMod(fields[1].hashCode(), Severity.values().length)].wireName();
        return fields;
    }

    private static Event event(String[] f) {
        Severity severity = f[1] == null ? null : Arrays.stream(Severity.values())
                .filter(s -> s.wireName().equals(f[1])).findFirst().orElseThrow();
        ObjectRef ref = f[5] == null && f[6] == null && f[7] == null && f[8] == null ? null
                : new ObjectRef(f[5], f[6], f[7], f[8], null);
        return new Event(Event.KIND, null, f[0], severity, f[2], "category is not a dedup field", ref,
                new EventSource(f[4], f[3]), 1);
    }
}
