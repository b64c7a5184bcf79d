package io.venice.events.proxy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.store.StoreFullException;

/**
 * The proxy's decision for one request line: which events are accepted (validated, defaults filled)
 * and the one reply line the sender gets. It does not send anything; the proxy route does.
 * <p>
 * It counts what it sees: {@value #RECEIVED} (every event of a request line, a line that cannot be read as
 * one) and {@value #REJECTED} by {@link Rejection reason}.
 */
public final class ProxyIntake {

    /** Micrometer name of the counter of received events ({@code venice_events_received_total} in Prometheus). */
    public static final String RECEIVED = "venice.events.received";
    /** Micrometer name of the counter of rejected events, tagged {@code reason} ({@code venice_events_rejected_total}). */
    public static final String REJECTED = "venice.events.rejected";

    /** What to dispatch and what to answer. */
    public record Result(List<Event> accepted, String reply) {
        public boolean hasAccepted() {
            return !accepted.isEmpty();
        }
    }

    private final WireDecoder decoder = new WireDecoder();
    private final EventValidator validator;
    private final EventDefaults defaults;
    private final AcceptedUuids acceptedUuids;
    private final Counter received;
    private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);

    public ProxyIntake(EventValidator validator, EventDefaults defaults, AcceptedUuids acceptedUuids, MeterRegistry meters) {
        this.validator = validator;
        this.defaults = defaults;
        this.acceptedUuids = acceptedUuids;
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
     * The reply when the accepted events could not be stored after all (the store is full, or cannot be
     * written): the sender must send them again, so their uuids are forgotten (a resend is then not taken
     * for a duplicate).
     */
    public String notStored(Result result, Exception why) {
        Rejection reason = why instanceof StoreFullException ? Rejection.STORE_FULL : Rejection.STORE_ERROR;
        rejections.get(reason).increment(result.accepted().size());
        acceptedUuids.forget(result.accepted().stream().map(Event::uuid).toList());
        Map<String, Object> reply = errorFields(why.getMessage() + "; events not accepted, send them again");
        reply.put("retry", true);
        return EventJson.write(reply);
    }

    /** Decides on one request: a line of text, or the {@link OversizedLine} standing in for one too long to read. */
    public Result handle(Object body) {
        if (body instanceof OversizedLine oversized) {
            received.increment();
            rejections.get(Rejection.OVERSIZED).increment();
            return new Result(List.of(), errorReply("line longer than proxy.max-line-bytes ("
                    + oversized.maxLineBytes() + " bytes) was discarded; send smaller lines"));
        }
        return handleLine(body == null ? null : body.toString());
    }

    public Result handleLine(String line) {
        WireDecoder.Request request;
        try {
            request = decoder.decode(line);
        } catch (WireException e) {
            received.increment();
            rejections.get(Rejection.MALFORMED).increment();
            return new Result(List.of(), errorReply(e.getMessage()));
        }
        received.increment(request.items().size());
        List<Event> accepted = new ArrayList<>(request.items().size());
        List<Map<String, Object>> rejected = new ArrayList<>();
        Set<String> claimedHere = new HashSet<>();
        int duplicates = 0;
        int valid = 0;
        String firstUuid = null;
        String storing = null;
        for (WireDecoder.Item item : request.items()) {
            String problem = item.error();
            Rejection reason = Rejection.INVALID;
            if (problem == null) {
                Optional<EventValidator.Problem> invalid = validator.problemWith(item.event());
                if (invalid.isEmpty()) {
                    Event event = defaults.apply(item.event());
                    firstUuid = firstUuid == null ? event.uuid() : firstUuid;
                    valid++;
                    AcceptedUuids.Claim claim = claimedHere.contains(event.uuid())
                            ? AcceptedUuids.Claim.STORED // the same uuid twice in one list: taken once
                            : acceptedUuids.claim(event.uuid());
                    switch (claim) {
                        case NEW -> {
                            accepted.add(event);
                            claimedHere.add(event.uuid());
                        }
                        case STORED -> duplicates++;
                        case PENDING -> storing = storing == null ? event.uuid() : storing;
                    }
                    continue;
                }
                problem = (request.list() ? "items[" + item.index() + "]." : "") + invalid.get().message();
                reason = invalid.get().reason();
            }
            rejections.get(reason).increment();
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("index", item.index());
            why.put("error", problem);
            rejected.add(why);
        }
        if (storing != null) {
            return earlierCopyBeingStored(storing, claimedHere, valid);
        }
        return new Result(accepted, request.list()
                ? listReply(accepted.size() + duplicates, duplicates, rejected)
                : singleReply(firstUuid, duplicates > 0, rejected));
    }

    /**
     * An event of the request is a copy of one still being stored (a sender resending before it got the first
     * reply): nothing of the request is taken, and the sender is told to send it again once the first copy's
     * fate is known (then it is a duplicate, or new again if the first could not be stored).
     */
    private Result earlierCopyBeingStored(String uuid, Set<String> claimedHere, int valid) {
        acceptedUuids.forget(claimedHere);
        rejections.get(Rejection.STORING).increment(valid);
        Map<String, Object> reply = errorFields("an earlier copy of event " + uuid
                + " is still being stored; events not accepted, send them again");
        reply.put("retry", true);
        return new Result(List.of(), EventJson.write(reply));
    }

    /** The reply for a line that could not be taken at all, e.g. the pipeline is overloaded. */
    public static String errorReply(String error) {
        return EventJson.write(errorFields(error));
    }

    private static Map<String, Object> errorFields(String error) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "error");
        reply.put("error", error);
        return reply;
    }

    private static String singleReply(String uuid, boolean duplicate, List<Map<String, Object>> rejected) {
        if (!rejected.isEmpty()) {
            return errorReply((String) rejected.get(0).get("error"));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("uuid", uuid);
        if (duplicate) {
            reply.put("duplicate", true);
        }
        return EventJson.write(reply);
    }

    /** {@code accepted} counts duplicates too: they are acknowledged, only not dispatched again. */
    private static String listReply(int accepted, int duplicates, List<Map<String, Object>> rejected) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", rejected.isEmpty() ? "ok" : "error");
        if (!rejected.isEmpty()) {
            reply.put("error", rejected.size() + " of " + (accepted + rejected.size())
                    + " items rejected; the others were accepted");
        }
        reply.put("accepted", accepted);
        if (duplicates > 0) {
            reply.put("duplicates", duplicates);
        }
        reply.put("rejected", rejected);
        return EventJson.write(reply);
    }
}
