package io.venice.events.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The delivery contract, checked from the outside: what the proxy acknowledged on one side, what a writer's
 * destination received on the other.
 * <p>
 * The contract (README, "Guarantees"): for every enabled writer, once the failure is over and the pipeline
 * drained, for each event uuid delivered the highest {@code count} delivered equals the occurrences the proxy
 * acknowledged for it, and the sum over uuids equals the events acknowledged. Duplicates (same uuid, same
 * count) are fine; a lost occurrence, an inflated count or an event that never arrives is not.
 * <p>
 * A client cannot know which uuid the proxy gave a repeat (it is the first occurrence's), so the ledger keys
 * on the message, which the tests keep unique per dedup key: the client {@linkplain #acknowledged(String)
 * records} every event the proxy answered {@code "status":"ok"} for; on the writer's side, deliveries are
 * grouped by message, the highest count taken per uuid (a missing count is 1), and those summed per message.
 * That sum must equal the acknowledged occurrences of the message, for every message; so must the grand totals.
 * <p>
 * A sender that also records the uuid it gave each event ({@link #acknowledged(String, String)}) allows the
 * per-uuid form, {@link #seriesBroken}: where every message is one series (the dedup window outlasts the test
 * and is rebuilt after a restart), the series' uuid is the uuid of one of its acknowledged occurrences, and
 * its highest count is every acknowledged occurrence of the message.
 * Thread-safe: a sender records while the test reads.
 */
public final class DeliveryLedger {

    /** How many mismatching messages an assertion message lists before it says "and N more". */
    private static final int MAX_LISTED = 25;
    private static final Pattern SD_UUID = Pattern.compile(" uuid=\"([^\"]*)\"");
    private static final Pattern SD_COUNT = Pattern.compile(" count=\"(\\d+)\"");

    /** One event state as a destination received it. */
    public record Delivery(String message, String uuid, int count) {

        /** From the Venice/file JSON form of an event: {@code message}, {@code meta.uuid}, {@code count} (1 when absent). */
        public static Delivery of(JsonNode event) {
            JsonNode count = event.path("count");
            return new Delivery(event.path("message").asText(), event.path("meta").path("uuid").asText(),
                    count.isMissingNode() || count.isNull() ? 1 : count.asInt());
        }

        /**
         * From an RFC 5424 message as rsyslogd parsed it: uuid and count from the {@code event@PEN} structured
         * data ({@code uuid="..." ... count="n"}), the message from MSG.
         */
        public static Delivery of(ReceivedSyslog syslog) {
            String sd = syslog.structuredData();
            Matcher uuid = SD_UUID.matcher(sd);
            Matcher count = SD_COUNT.matcher(sd);
            if (!uuid.find()) {
                throw new AssertionError("syslog message without a uuid in its structured data: " + syslog.rawMsg());
            }
            return new Delivery(syslog.msg(), uuid.group(1), count.find() ? Integer.parseInt(count.group(1)) : 1);
        }
    }

    private final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    /** uuid the sender gave an acknowledged event → its message (only for {@link #acknowledged(String, String)}). */
    private final Map<String, String> messageOfUuid = new ConcurrentHashMap<>();

    /** Records one event the proxy answered {@code "status":"ok"} for. */
    public void acknowledged(String message) {
        acknowledged.computeIfAbsent(message, m -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
    }

    /**
     * Records one event the proxy acknowledged ({@code "status":"ok"}, a duplicate included), with the uuid the
     * sender gave it. Each uuid is one occurrence: recording it twice is a bug of the sender, and throws.
     */
    public void acknowledged(String message, String uuid) {
        String before = messageOfUuid.putIfAbsent(uuid, message);
        if (before != null) {
            throw new IllegalStateException("uuid " + uuid + " recorded as acknowledged twice (for \"" + before
                    + "\", now for \"" + message + "\"): the sender counted one occurrence twice");
        }
        acknowledged(message);
    }

    /** The occurrences of {@code message} acknowledged so far. */
    public int acknowledgedOf(String message) {
        AtomicInteger n = acknowledged.get(message);
        return n == null ? 0 : n.get();
    }

    /** Every event acknowledged so far. */
    public int acknowledgedTotal() {
        return total.get();
    }

    /** Acknowledged occurrences per message, sorted by message. */
    public Map<String, Integer> acknowledgedByMessage() {
        Map<String, Integer> copy = new TreeMap<>();
        acknowledged.forEach((message, n) -> copy.put(message, n.get()));
        return copy;
    }

    // --- The exact contract ----------------------------------------------------------------------------

    /** Why {@code delivered} breaks the contract for {@code writer}, or empty when it holds. */
    public Optional<String> contractBroken(String writer, List<Delivery> delivered) {
        return check(writer, delivered, false);
    }

    /** Fails, naming every message at fault with expected vs delivered, unless the contract holds for {@code writer}. */
    public void assertContract(String writer, List<Delivery> delivered) {
        contractBroken(writer, delivered).ifPresent(problem -> {
            throw new AssertionError(problem);
        });
    }

    /**
     * Waits until the contract holds for {@code writer} (the destination may still be catching up), then
     * asserts it on a fresh read; when {@code timeout} passes first, fails with the state at the deadline.
     */
    public void awaitContract(String writer, Duration timeout, Supplier<List<Delivery>> delivered) {
        Await.until(timeout, () -> contractBroken(writer, delivered.get()).isEmpty(),
                () -> contractBroken(writer, delivered.get()).orElse("(it holds now)"));
        assertContract(writer, delivered.get());
    }

    // --- The per-uuid form, where every message is one series ------------------------------------------

    /**
     * Why {@code delivered} breaks the per-uuid form of the contract for {@code writer}, or empty when it holds.
     * For tests where every message (dedup key) stays one series, and whose sender recorded the uuids
     * ({@link #acknowledged(String, String)}): each acknowledged message delivered under exactly one uuid; that
     * uuid one the sender gave an acknowledged occurrence of that same message (the series keeps its first
     * occurrence's uuid); its highest count equal to the occurrences of the message acknowledged. With
     * {@link #contractBroken} (the sums per message and overall) this is the whole contract, uuid by uuid.
     */
    public Optional<String> seriesBroken(String writer, List<Delivery> delivered) {
        Map<String, Integer> expected = acknowledgedByMessage();
        Map<String, Map<String, Integer>> got = highestCounts(delivered);
        List<String> problems = new ArrayList<>();
        Set<String> messages = new TreeSet<>(expected.keySet());
        messages.addAll(got.keySet());
        for (String message : messages) {
            int acked = expected.getOrDefault(message, 0);
            Map<String, Integer> perUuid = got.getOrDefault(message, Map.of());
            if (perUuid.isEmpty()) {
                problems.add("\"" + message + "\": acknowledged " + acked + ", never delivered");
                continue;
            }
            if (perUuid.size() > 1) {
                problems.add("\"" + message + "\": delivered under " + perUuid.size() + " uuids, expected one series"
                        + " of " + acked + " acknowledged occurrences (highest count per uuid " + perUuid + ")");
            }
            for (Map.Entry<String, Integer> series : perUuid.entrySet()) {
                String uuid = series.getKey();
                String messageOfIt = messageOfUuid.get(uuid);
                if (messageOfIt == null) {
                    problems.add("uuid " + uuid + " delivered with \"" + message + "\" (highest count "
                            + series.getValue() + "): the sender never had an event with that uuid acknowledged");
                } else if (!messageOfIt.equals(message)) {
                    problems.add("uuid " + uuid + " delivered with \"" + message + "\" (highest count "
                            + series.getValue() + "), but the sender sent that uuid with \"" + messageOfIt + "\"");
                }
                if (perUuid.size() == 1 && series.getValue() != acked) {
                    problems.add("uuid " + uuid + " (\"" + message + "\"): highest count " + series.getValue()
                            + ", acknowledged " + acked + " ("
                            + (series.getValue() < acked ? (acked - series.getValue()) + " lost" : "inflated") + ")");
                }
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder("writer ").append(writer)
                .append(" broke the delivery contract per uuid: ").append(expected.size())
                .append(" messages acknowledged, each expected as one series (")
                .append(delivered.size()).append(" event states received)");
        problems.stream().limit(MAX_LISTED).forEach(p -> text.append("\n  ").append(p));
        if (problems.size() > MAX_LISTED) {
            text.append("\n  ... and ").append(problems.size() - MAX_LISTED).append(" more problems");
        }
        return Optional.of(text.toString());
    }

    /**
     * Waits until both {@link #contractBroken} and {@link #seriesBroken} find nothing for {@code writer}, then
     * asserts both on a fresh read; when {@code timeout} passes first, fails with what is wrong at the deadline.
     */
    public void awaitContractPerUuid(String writer, Duration timeout, Supplier<List<Delivery>> delivered) {
        Await.until(timeout, () -> {
            List<Delivery> now = delivered.get();
            return contractBroken(writer, now).isEmpty() && seriesBroken(writer, now).isEmpty();
        }, () -> {
            List<Delivery> now = delivered.get();
            String problems = (contractBroken(writer, now).map(p -> p + "\n").orElse("")
                    + seriesBroken(writer, now).orElse("")).strip();
            return problems.isEmpty() ? "(it holds now)" : problems;
        });
        List<Delivery> now = delivered.get();
        assertContract(writer, now);
        seriesBroken(writer, now).ifPresent(problem -> {
            throw new AssertionError(problem);
        });
    }

    // --- The weaker check, for a store that drops by design -------------------------------------------

    /**
     * Why {@code delivered} inflates a count for {@code writer}, or empty when it does not: a uuid whose
     * highest count exceeds the occurrences acknowledged for its message, uuids of one message summing to
     * more than that, or a message delivered that was never acknowledged. Losses are not reported.
     */
    public Optional<String> inflated(String writer, List<Delivery> delivered) {
        return check(writer, delivered, true);
    }

    /** Fails unless nothing {@code writer} delivered is {@linkplain #inflated inflated}. */
    public void assertNotInflated(String writer, List<Delivery> delivered) {
        inflated(writer, delivered).ifPresent(problem -> {
            throw new AssertionError(problem);
        });
    }

    // ---------------------------------------------------------------------------------------------------

    /** Per message, per uuid: the highest count delivered (a missing uuid counts as the uuid ""). */
    private static Map<String, Map<String, Integer>> highestCounts(List<Delivery> delivered) {
        Map<String, Map<String, Integer>> byMessage = new TreeMap<>();
        for (Delivery d : delivered) {
            byMessage.computeIfAbsent(d.message(), m -> new LinkedHashMap<>()).merge(d.uuid(), d.count(), Math::max);
        }
        return byMessage;
    }

    private Optional<String> check(String writer, List<Delivery> delivered, boolean lossAllowed) {
        Map<String, Integer> expected = acknowledgedByMessage();
        Map<String, Map<String, Integer>> got = highestCounts(delivered);
        int expectedTotal = expected.values().stream().mapToInt(Integer::intValue).sum();
        int deliveredTotal = got.values().stream()
                .mapToInt(perUuid -> perUuid.values().stream().mapToInt(Integer::intValue).sum()).sum();

        List<String> problems = new ArrayList<>();
        Map<String, Boolean> messages = new TreeMap<>();
        expected.keySet().forEach(m -> messages.put(m, true));
        got.keySet().forEach(m -> messages.put(m, true));
        for (String message : messages.keySet()) {
            int acked = expected.getOrDefault(message, 0);
            Map<String, Integer> perUuid = got.getOrDefault(message, Map.of());
            int sum = perUuid.values().stream().mapToInt(Integer::intValue).sum();
            String uuids = perUuid.isEmpty() ? "never delivered" : "highest count per uuid " + perUuid;
            if (acked == 0) {
                problems.add("\"" + message + "\": never acknowledged, delivered " + sum + " (" + uuids + ")");
            } else if (sum > acked) {
                problems.add("\"" + message + "\": acknowledged " + acked + ", delivered " + sum
                        + " (inflated; " + uuids + ")");
            } else if (sum < acked && !lossAllowed) {
                problems.add("\"" + message + "\": acknowledged " + acked + ", delivered " + sum
                        + " (" + (acked - sum) + " lost; " + uuids + ")");
            }
        }
        boolean totalsWrong = lossAllowed ? deliveredTotal > expectedTotal : deliveredTotal != expectedTotal;
        if (problems.isEmpty() && !totalsWrong) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder("writer ").append(writer)
                .append(lossAllowed ? " delivered inflated counts" : " broke the delivery contract")
                .append(": acknowledged ").append(expectedTotal).append(" events of ").append(expected.size())
                .append(" messages, delivered ").append(deliveredTotal).append(" (sum over uuids of the highest count, ")
                .append(delivered.size()).append(" event states received)");
        problems.stream().limit(MAX_LISTED).forEach(p -> text.append("\n  ").append(p));
        if (problems.size() > MAX_LISTED) {
            text.append("\n  ... and ").append(problems.size() - MAX_LISTED).append(" more messages");
        }
        return Optional.of(text.toString());
    }

    @Override
    public String toString() {
        return "DeliveryLedger[" + total.get() + " acknowledged, " + acknowledged.size() + " messages]";
    }
}
