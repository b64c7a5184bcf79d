package io.venice.events.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;

/**
 * The proxy's decision for one request line: which events are accepted (validated, defaults filled)
 * and the one reply line the sender gets. It does not send anything; the proxy route does.
 */
public final class ProxyIntake {

    /** What to dispatch and what to answer. */
    public record Result(List<Event> accepted, String reply) {
        public boolean hasAccepted() {
            return !accepted.isEmpty();
        }
    }

    private final WireDecoder decoder = new WireDecoder();
    private final EventValidator validator;
    private final EventDefaults defaults;

    public ProxyIntake(EventValidator validator, EventDefaults defaults) {
        this.validator = validator;
        this.defaults = defaults;
    }

    /** Decides on one request: a line of text, or the {@link OversizedLine} standing in for one too long to read. */
    public Result handle(Object body) {
        if (body instanceof OversizedLine oversized) {
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
            return new Result(List.of(), errorReply(e.getMessage()));
        }
        List<Event> accepted = new ArrayList<>(request.items().size());
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (WireDecoder.Item item : request.items()) {
            String problem = item.error();
            if (problem == null) {
                Optional<String> invalid = validator.problemWith(item.event());
                if (invalid.isEmpty()) {
                    accepted.add(defaults.apply(item.event()));
                    continue;
                }
                problem = (request.list() ? "items[" + item.index() + "]." : "") + invalid.get();
            }
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("index", item.index());
            why.put("error", problem);
            rejected.add(why);
        }
        return new Result(accepted, request.list() ? listReply(accepted, rejected) : singleReply(accepted, rejected));
    }

    /** The reply for a line that could not be taken at all, e.g. the pipeline is overloaded. */
    public static String errorReply(String error) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "error");
        reply.put("error", error);
        return EventJson.write(reply);
    }

    private static String singleReply(List<Event> accepted, List<Map<String, Object>> rejected) {
        if (!rejected.isEmpty()) {
            return errorReply((String) rejected.get(0).get("error"));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("uuid", accepted.get(0).uuid());
        return EventJson.write(reply);
    }

    private static String listReply(List<Event> accepted, List<Map<String, Object>> rejected) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", rejected.isEmpty() ? "ok" : "error");
        if (!rejected.isEmpty()) {
            reply.put("error", rejected.size() + " of " + (accepted.size() + rejected.size())
                    + " items rejected; the others were accepted");
        }
        reply.put("accepted", accepted.size());
        reply.put("rejected", rejected);
        return EventJson.write(reply);
    }
}
