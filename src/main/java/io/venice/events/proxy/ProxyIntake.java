package io.venice.events.proxy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.dispatcher.EarlierCopyBeingStoredException;
import io.venice.events.dispatcher.EventStates;
import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.store.StoreFullException;

/**
 * The proxy's decisions for one read of a connection (every complete request line it held): which events are
 * valid (defaults filled) for the dispatcher, and then the reply line of each request line. It does not send
 * anything; the proxy route does.
 * <p>
 * It counts what it sees: {@value #RECEIVED} (every event of a request line, a line that cannot be read as
 * one) and {@value #REJECTED} by {@link Rejection reason}.
 */
public final class ProxyIntake {

    /** Micrometer name of the counter of received events ({@code venice_events_received_total} in Prometheus). */
    public static final String RECEIVED = "venice.events.received";
    /** Micrometer name of the counter of rejected events, tagged {@code reason} ({@code venice_events_rejected_total}). */
    public static final String REJECTED = "venice.events.rejected";

    private static final String OK_UUID = "{\"status\":\"ok\",\"uuid\":\"";

    /** The most rejected items a list reply lists (the first ones); {@code rejected-total} counts them all. */
    public static final int MAX_LISTED_REJECTIONS = 100;

    private final WireDecoder decoder = new WireDecoder();
    private final EventValidator validator;
    private final EventDefaults defaults;
    private final Counter received;
    private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);

    public ProxyIntake(EventValidator validator, EventDefaults defaults, MeterRegistry meters) {
        this.validator = validator;
        this.defaults = defaults;
        this.received = Counter.builder(RECEIVED)
                .description("Events received by the proxy, accepted or not (a line that cannot be read counts as one)")
                .register(meters);
        for (Rejection reason : Rejection.values()) {
            rejections.put(reason, Counter.builder(REJECTED)
                    .description("Events the proxy did not take, by reason")
                    .tag("reason", reason.label())
                    .register(meters));
        }
    }

    /**
     * Decides on one read: a list of request lines (text, or the {@link OversizedLine} standing in for one too
     * long to read), or a single one.
     */
    public IntakeBatch read(Object body) {
        IntakeBatch batch = new IntakeBatch();
        if (body instanceof List<?> lines) {
            lines.forEach(line -> readLine(batch, line));
        } else {
            readLine(batch, body);
        }
        return batch;
    }

    /** The reply lines once the batch's events are stored: {@code dispatched} says which were resends. */
    public String replies(IntakeBatch batch, Object dispatched) {
        EventStates states = dispatched instanceof EventStates stored ? stored : null;
        StringBuilder replies = new StringBuilder(batch.lines().size() * 64);
        for (IntakeBatch.Line line : batch.lines()) {
            int duplicates = 0;
            for (int i = line.firstEvent(); states != null && i < line.firstEvent() + line.eventCount(); i++) {
                duplicates += states.isDuplicate(i) ? 1 : 0;
            }
            appendLine(replies, replyTo(batch, line, duplicates));
        }
        return replies.toString();
    }

    /**
     * The reply lines when the batch's events could not be stored after all (the store is full or cannot be
     * written, or a copy of one of them is still being stored): every line with valid events is told to send them
     * again; nothing of the batch was taken.
     */
    public String notStored(IntakeBatch batch, Exception failure) {
        Exception why = causeOf(failure);
        Rejection reason = why instanceof StoreFullException ? Rejection.STORE_FULL
                : why instanceof EarlierCopyBeingStoredException ? Rejection.STORING : Rejection.STORE_ERROR;
        rejections.get(reason).increment(batch.events().size());
        Map<String, Object> retry = errorFields(why.getMessage() + "; events not accepted, send them again");
        retry.put("retry", true);
        String retryReply = EventJson.write(retry);
        StringBuilder replies = new StringBuilder(batch.lines().size() * 64);
        for (IntakeBatch.Line line : batch.lines()) {
            appendLine(replies, line.eventCount() > 0 ? retryReply : replyTo(batch, line, 0));
        }
        return replies.toString();
    }

    /**
     * What the sender is told: the dispatcher's split wraps a failure inside it ("Multicast processing failed for
     * number N ..."), so the known cause is looked for down the chain.
     */
    private static Exception causeOf(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreFullException || cause instanceof EarlierCopyBeingStoredException) {
                return (Exception) cause;
            }
        }
        return failure;
    }

    /** The reply for a line that could not be taken at all. */
    public static String errorReply(String error) {
        return EventJson.write(errorFields(error));
    }

    private void readLine(IntakeBatch batch, Object line) {
        if (line instanceof OversizedLine oversized) {
            received.increment();
            rejections.get(Rejection.OVERSIZED).increment();
            batch.lineRefused("line longer than proxy.max-line-bytes (" + oversized.maxLineBytes()
                    + " bytes) was discarded; send smaller lines");
            return;
        }
        WireDecoder.Request request;
        try {
            request = decoder.decode(line == null ? null : line.toString());
        } catch (WireException e) {
            received.increment();
            rejections.get(e.reason()).increment();
            batch.lineRefused(e.getMessage());
            return;
        } catch (RuntimeException e) { // the parser failing in a way it does not declare: still one reply, counted
            received.increment();
            rejections.get(Rejection.MALFORMED).increment();
            batch.lineRefused("malformed JSON: the line cannot be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        received.increment(request.items().size());
        List<Event> valid = new ArrayList<>(request.items().size());
        List<Map<String, Object>> rejected = new ArrayList<>();
        int rejectedTotal = 0;
        for (WireDecoder.Item item : request.items()) {
            String problem = item.error();
            Rejection reason = item.reason();
            if (problem == null) {
                Optional<EventValidator.Problem> invalid = validator.problemWith(item.event());
                if (invalid.isEmpty()) {
                    valid.add(defaults.apply(item.event()));
                    continue;
                }
                problem = (request.list() ? "items[" + item.index() + "]." : "") + invalid.get().message();
                reason = invalid.get().reason();
            }
            rejections.get(reason).increment();
            if (++rejectedTotal > MAX_LISTED_REJECTIONS) {
                continue; // counted, not listed: the reply stays small however many items a list holds
            }
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("index", item.index());
            why.put("error", problem);
            rejected.add(why);
        }
        batch.line(request.list(), valid, rejected, rejectedTotal);
    }

    private static String replyTo(IntakeBatch batch, IntakeBatch.Line line, int duplicates) {
        if (line.error() != null) {
            return errorReply(line.error());
        }
        if (line.list()) {
            return listReply(line.eventCount(), duplicates, line.rejected(), line.rejectedTotal());
        }
        if (!line.rejected().isEmpty()) {
            return errorReply((String) line.rejected().get(0).get("error"));
        }
        return okReply(batch.events().get(line.firstEvent()).uuid(), duplicates > 0);
    }

    /**
     * {@code {"status":"ok","uuid":"<uuid>"}}, with {@code "duplicate":true} for a resend: the reply to almost
     * every line, written without a map and a generator when the uuid is canonical (the proxy takes no other from
     * a sender, and makes canonical ones), so nothing in it needs escaping.
     */
    static String okReply(String uuid, boolean duplicate) {
        if (uuid != null && Uuids.isCanonical(uuid)) {
            return duplicate ? OK_UUID + uuid + "\",\"duplicate\":true}" : OK_UUID + uuid + "\"}";
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("uuid", uuid);
        if (duplicate) {
            reply.put("duplicate", true);
        }
        return EventJson.write(reply);
    }

    private static void appendLine(StringBuilder replies, String reply) {
        if (!replies.isEmpty()) {
            replies.append('\n');
        }
        replies.append(reply);
    }

    private static Map<String, Object> errorFields(String error) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "error");
        reply.put("error", error);
        return reply;
    }

    /** {@code accepted} counts duplicates too: they are acknowledged, only not dispatched again. */
    private static String listReply(int accepted, int duplicates, List<Map<String, Object>> rejected, int rejectedTotal) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", rejectedTotal == 0 ? "ok" : "error");
        if (rejectedTotal > 0) {
            reply.put("error", rejectedTotal + " of " + (accepted + rejectedTotal) + " items rejected; "
                    + (rejectedTotal > rejected.size() ? "the first " + rejected.size() + " listed; " : "")
                    + "the others were accepted");
        }
        reply.put("accepted", accepted);
        if (duplicates > 0) {
            reply.put("duplicates", duplicates);
        }
        reply.put("rejected", rejected);
        if (rejectedTotal > 0) {
            reply.put("rejected-total", rejectedTotal);
        }
        return EventJson.write(reply);
    }
}
