package io.venice.events.proxy;

import java.util.ArrayList;
import java.util.List;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.venice.events.model.Event;
import io.venice.events.model.EventList;
import io.venice.events.model.Quoted;

/**
 * Turns one request line of the proxy's wire protocol into events: a line is one event object or
 * {@code {"kind":"EventList","items":[...]}}. Errors name the field at fault, in words a sender can act on.
 */
public final class WireDecoder {

    /** A decoded item: the event, or why item {@code index} could not be read and what that is counted as. */
    public record Item(int index, Event event, String error, Rejection reason) {
        static Item of(int index, Event event) {
            return new Item(index, event, null, null);
        }
    }

    /** A line shorter than this that is not JSON is answered without the parser's details (a short reply). */
    static final int TERSE_BELOW_CHARS = 16;
    /** Jackson's list of what may start a JSON value, in its "was expecting ..." messages. */
    private static final String JACKSON_VALUE_LIST = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

    /** A decoded line: its items, and whether it was a list (the reply shape differs). */
    public record Request(boolean list, List<Item> items) {
    }

    private final ObjectMapper mapper = WireJson.mapper();
    /** A line that is one event; anything after the event makes it fail (and take the tree path, which says so). */
    private final ObjectReader eventReader = mapper.readerFor(Event.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Decodes a line; throws {@link WireException} when the line as a whole is unusable. */
    public Request decode(String line) {
        if (line == null || line.isBlank()) {
            throw new WireException(Rejection.EMPTY, "empty line");
        }
        if (line.charAt(0) == '{' && !line.contains(EventList.KIND)) {
            try { // most lines are one valid event: read it in one pass; anything else takes the tree below
                return new Request(false, List.of(Item.of(0, eventReader.readValue(line))));
            } catch (JsonProcessingException e) {
                // read it again as a tree, for an error that names the field at fault
            }
        }
        JsonNode root;
        try (JsonParser parser = mapper.createParser(line)) {
            root = mapper.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw new WireException("malformed JSON at column " + parser.currentLocation().getColumnNr()
                        + ": more after the JSON value; send one event or EventList per line");
            }
        } catch (StreamConstraintsException e) {
            throw new WireException(Rejection.LIMIT, "line exceeds a limit of the JSON parser: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new WireException(line.length() < TERSE_BELOW_CHARS ? "malformed JSON"
                    : "malformed JSON at column " + columnOf(e) + ": "
                    + Quoted.escaped(e.getOriginalMessage().replace(JACKSON_VALUE_LIST, "a JSON value")));
        } catch (IOException e) {
            throw new WireException("malformed JSON");
        }
        if (root == null || !root.isObject()) {
            throw new WireException("expected a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase()));
        }
        JsonNode kind = root.get("kind");
        if (kind != null && EventList.KIND.equals(kind.asText())) {
            JsonNode items = root.get("items");
            if (items == null || !items.isArray()) {
                throw new WireException("items: an EventList needs an array 'items'");
            }
            List<Item> decoded = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                decoded.add(decodeItem(i, items.get(i), "items[" + i + "]."));
            }
            return new Request(true, decoded);
        }
        return new Request(false, List.of(decodeItem(0, root, "")));
    }

    private static String columnOf(JsonProcessingException e) {
        return e.getLocation() == null ? "?" : String.valueOf(e.getLocation().getColumnNr());
    }

    private Item decodeItem(int index, JsonNode node, String prefix) {
        if (!node.isObject()) {
            return new Item(index, null, prefix.isEmpty() ? "expected a JSON object"
                    : prefix.substring(0, prefix.length() - 1) + ": expected a JSON object", Rejection.INVALID);
        }
        try {
            return Item.of(index, mapper.treeToValue(node, Event.class));
        } catch (JsonProcessingException e) {
            return new Item(index, null, prefix + describe(e),
                    e instanceof WireValueException wire ? wire.reason() : Rejection.INVALID);
        }
    }

    /** "severity: 'loud' is not a severity (...)" rather than Jackson's class-laden text. */
    static String describe(JsonProcessingException e) {
        String field = "";
        if (e instanceof JsonMappingException mapping) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            field = path.toString();
        }
        String reason;
        if (e instanceof WireValueException wire) {
            reason = wire.getOriginalMessage();
        } else if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
            reason = vie.getCause().getMessage();
        } else if (e instanceof InvalidFormatException ife) {
            reason = Quoted.of(ife.getValue()) + " is not a valid " + friendlyType(ife.getTargetType());
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            reason = "expected " + expectedShape(mismatch.getTargetType());
        } else if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof IllegalArgumentException iae) {
            reason = iae.getMessage();
        } else {
            reason = e.getOriginalMessage();
            int cut = reason.indexOf(" (");
            if (cut > 0 && reason.contains("class ")) {
                reason = reason.substring(0, cut);
            }
            reason = Quoted.escaped(reason);
        }
        return field.isEmpty() ? reason : field + ": " + reason;
    }

    private static String expectedShape(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        return "a " + type.getSimpleName();
    }

    private static String friendlyType(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "integer";
        }
        return type.getSimpleName();
    }
}
