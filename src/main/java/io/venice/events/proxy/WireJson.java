package io.venice.events.proxy;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.venice.events.json.EventJson;
import io.venice.events.model.Quoted;

/**
 * The proxy's reading of events: {@link EventJson}'s, stricter where a value from outside could not be written
 * on later. A timestamp must be an RFC 3339 string with a year 0000 to 9999 ({@link Rfc3339Timestamp}; not a
 * number of seconds, not {@code +1000000000-12-31...}); {@code count}, the model's only integer, must be a JSON
 * integer from 1 to 2147483647 (not {@code "3"}, not {@code 1.5}, which Jackson would otherwise take as 3 and 1).
 * Only the proxy reads this way: the event store reads back with {@link EventJson#mapper()} what it wrote.
 */
final class WireJson {

    static final String COUNT_RANGE = "an integer from 1 to " + Integer.MAX_VALUE;

    private WireJson() {
    }

    static ObjectMapper mapper() {
        SimpleModule wire = new SimpleModule("venice-events-wire")
                .addDeserializer(Instant.class, new TimestampDeserializer())
                .addDeserializer(Integer.class, new CountDeserializer());
        return EventJson.mapper().copy().registerModule(wire);
    }

    /** RFC 3339, years 0000 to 9999, read in one pass. */
    static final class TimestampDeserializer extends StdScalarDeserializer<Instant> {
        TimestampDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new WireValueException(p, Rejection.INVALID,
                        shapeOf(p) + " is not a timestamp (" + Rfc3339Timestamp.EXPECTED + ")");
            }
            String text = p.getText();
            try {
                return Rfc3339Timestamp.parse(text);
            } catch (Rfc3339Timestamp.NotATimestamp e) {
                throw new WireValueException(p, e.outOfRange() ? Rejection.OUT_OF_RANGE : Rejection.INVALID,
                        Quoted.of(text) + " is not a valid timestamp (" + Rfc3339Timestamp.EXPECTED + ")");
            }
        }
    }

    /** {@code count}: a JSON integer from 1 to 2147483647. */
    static final class CountDeserializer extends StdScalarDeserializer<Integer> {
        CountDeserializer() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new WireValueException(p, Rejection.INVALID,
                        "expected " + COUNT_RANGE + ", got " + shapeOf(p));
            }
            if (p.getNumberType() == JsonParser.NumberType.INT && p.getIntValue() >= 1) {
                return p.getIntValue();
            }
            throw new WireValueException(p, Rejection.OUT_OF_RANGE,
                    Quoted.bare(p.getText()) + " is out of range (expected " + COUNT_RANGE + ")");
        }
    }

    /** What the sender sent instead, in a few words: {@code a string '3'}, {@code 1.5}, {@code an object}. */
    private static String shapeOf(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case VALUE_STRING -> "a string " + Quoted.of(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Quoted.bare(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> p.getText();
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.asString() == null ? token.name().toLowerCase() : token.asString();
        };
    }
}
