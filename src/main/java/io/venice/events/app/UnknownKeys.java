package io.venice.events.app;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keys in a venice-events namespace ({@code events.}, {@code proxy.}, {@code dispatcher.}, {@code store.},
 * {@code writers.}, {@code management.}) that venice-events does not have: a misspelt key would otherwise be
 * ignored silently (a writer left off by {@code writers.venice.enabeld=true}). Each is a problem naming the
 * key, with the known key nearest to it when one is close.
 */
final class UnknownKeys {

    static final List<String> NAMESPACES = List.of("events.", "proxy.", "dispatcher.", "store.", "writers.", "management.");

    private UnknownKeys() {
    }

    /** A problem per name of {@code names} in a namespace and not in {@code known} (nor in {@code retired}). */
    static List<String> problems(Collection<String> names, Set<String> known, Set<String> retired) {
        List<String> problems = new java.util.ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (NAMESPACES.stream().noneMatch(name::startsWith) || known.contains(name) || retired.contains(name)) {
                continue;
            }
            String nearest = nearest(name, known);
            problems.add(name + ": not a venice-events key" + (nearest == null ? "" : "; did you mean " + nearest + "?"));
        }
        return problems;
    }

    /** Prefixes of the environment variables in a venice-events namespace ({@code PROXY_PORT} for {@code proxy.port}). */
    static final List<String> ENVIRONMENT_NAMESPACES = NAMESPACES.stream()
            .map(namespace -> environmentName(namespace.substring(0, namespace.length() - 1)) + "_").toList();

    /**
     * A problem per environment variable of {@code names} with a venice-events prefix ({@code PROXY_},
     * {@code DISPATCHER_}, {@code STORE_}, {@code WRITERS_}, {@code MANAGEMENT_}, {@code EVENTS_}) that is the
     * environment form of no known key. Other variables (PATH, CI, JAVA_HOME...) are never looked at.
     */
    static List<String> environmentProblems(Collection<String> names, Set<String> known, Set<String> retired) {
        java.util.Map<String, String> keyOf = new java.util.TreeMap<>();
        for (String key : known) {
            keyOf.put(environmentName(key), key);
        }
        for (String key : retired) {
            keyOf.put(environmentName(key), key);
        }
        List<String> problems = new java.util.ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (ENVIRONMENT_NAMESPACES.stream().noneMatch(name::startsWith) || keyOf.containsKey(name)) {
                continue;
            }
            String nearest = nearest(name, keyOf.keySet());
            problems.add(name + ": an environment variable of no venice-events key"
                    + (nearest == null ? "" : "; did you mean " + nearest + " (" + keyOf.get(nearest) + ")?"));
        }
        return problems;
    }

    /** The environment variable that overrides {@code key}: upper case, {@code .} and {@code -} as {@code _}. */
    static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The known key at the smallest edit distance from {@code name}, when it is at most a third of its length. */
    static String nearest(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
