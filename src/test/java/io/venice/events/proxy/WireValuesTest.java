package io.venice.events.proxy;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.proxy.EventValidator.TypeCheck;
import io.venice.events.proxy.ProxyIntakeTest.Result;
import io.venice.events.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.venice.events.proxy.ProxyIntakeTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The values of an event the proxy range-checks before acknowledging it: count, timestamps, uuid. */
class WireValuesTest {

    static final String EVENT = "{\"type\":\"LINK_UP\",\"severity\":\"info\",\"source\":{\"component\":\"c\"}";
    static final String TIMESTAMPS = "expected RFC 3339 with a year 0000 to 9999, e.g. 2026-11-27T03:38:05.123Z";
    static final String UUIDS = "expected 8-4-4-4-12 hexadecimal digits, e.g. 0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01";

    final EventCatalog catalog = ProxyIntakeTest.shippedCatalog();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // no proxy.min-creation-time: the wire's own range of timestamps (years 0000 to 9999) is what is tested here
    final ProxyIntake intake = new ProxyIntake(new EventValidator(catalog, TypeCheck.STRICT, java.time.Instant.MIN),
            new EventDefaults(catalog, "proxy-node", false, new MutableClock(ProxyIntakeTest.NOW)), meters);

    Result handle(String line) {
        return ProxyIntakeTest.handle(intake, line);
    }

    /** The error a sender reads for {@code line}, having checked that nothing of it was taken. */
    String refused(String line) {
        Result result = handle(line);
        assertThat(result.accepted()).as("taken from " + line).isEmpty();
        JsonNode reply = json(result.reply());
        assertThat(reply.get("status").asText()).isEqualTo("error");
        return reply.get("error").asText();
    }

    Event accepted(String line) {
        Result result = handle(line);
        assertThat(json(result.reply()).get("status").asText()).as(result.reply()).isEqualTo("ok");
        return result.accepted().get(0);
    }

    double rejected(String reason) {
        return meters.get(ProxyIntake.REJECTED).tag("reason", reason).counter().count();
    }

    static String withCount(String count) {
        return EVENT + ",\"count\":" + count + "}";
    }

    static String withMeta(String meta) {
        return EVENT + ",\"meta\":{" + meta + "}}";
    }

    // count

    @Test
    void takesTheLargestCountTheWireCanCarry() {
        assertThat(accepted(withCount("2147483647")).count()).isEqualTo(Integer.MAX_VALUE);
        assertThat(accepted(withCount("1")).count()).isEqualTo(1);
        assertThat(accepted(withCount("null")).count()).as("null is no count: 1").isEqualTo(1);
    }

    @ParameterizedTest(name = "count {0}")
    @ValueSource(strings = {"2147483648", "9223372036854775808", "0", "-1", "-2147483648"})
    void refusesACountOutOfRangeNamingTheFieldAndTheRange(String count) {
        assertThat(refused(withCount(count)))
                .isEqualTo("count: " + count + " is out of range (expected an integer from 1 to 2147483647)");
        assertThat(rejected("out_of_range")).isEqualTo(1);
    }

    @ParameterizedTest(name = "count {0}")
    @CsvSource(delimiter = '|', value = {
        "'\"3\"'   | a string '3'",
        "1.5       | 1.5",
        "1.0       | 1.0",
        "1e3       | 1000.0",
        "true      | true",
        "{}        | an object",
        "[1]       | an array",
    })
    void refusesACountThatIsNotAJsonIntegerInsteadOfRoundingIt(String count, String got) {
        assertThat(refused(withCount(count)))
                .isEqualTo("count: expected an integer from 1 to 2147483647, got " + got);
        assertThat(rejected("invalid")).isEqualTo(1);
    }

    @Test
    void quotesOnlyTheStartOfAHugeCount() {
        String huge = "9".repeat(900);

        String error = refused(withCount(huge));

        assertThat(error).isEqualTo("count: " + "9".repeat(64)
                + "... (900 characters) is out of range (expected an integer from 1 to 2147483647)");
    }

    // timestamps

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2026-11-27T03:38:05Z                | 2026-11-27T03:38:05Z",
        "2026-11-27T03:38:05.123456789Z      | 2026-11-27T03:38:05.123456789Z",
        "2026-11-27T03:38:05.1Z              | 2026-11-27T03:38:05.100Z",
        "2026-11-27t03:38:05z                | 2026-11-27T03:38:05Z",
        "2026-11-27T03:38:05+01:00           | 2026-11-27T02:38:05Z",
        "2026-11-27T03:38:05-00:00           | 2026-11-27T03:38:05Z",
        "2016-12-31T23:59:60Z                | 2016-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z                | 0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z      | 9999-12-31T23:59:59.999999999Z",
        "2028-02-29T00:00:00Z                | 2028-02-29T00:00:00Z",
    })
    void takesRfc3339TimestampsWithYearsFrom0000To9999(String sent, String taken) {
        Event event = accepted(withMeta("\"creation-time\":\"" + sent + "\",\"mod-time\":\"" + sent + "\""));

        assertThat(event.creationTime()).isEqualTo(Instant.parse(taken));
        assertThat(event.modTime()).isEqualTo(Instant.parse(taken));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(delimiter = '|', value = {
        "+1000000000-12-31T23:59:59.999999999Z | out_of_range",
        "10000-01-01T00:00:00Z                 | out_of_range",
        "+10000-01-01T00:00:00Z                | out_of_range",
        "-0001-01-01T00:00:00Z                 | out_of_range",
        "2026-13-01T00:00:00Z                  | out_of_range",
        "2026-02-29T00:00:00Z                  | out_of_range",
        "2026-11-31T00:00:00Z                  | out_of_range",
        "2026-11-27T24:00:00Z                  | out_of_range",
        "2026-11-27T23:60:00Z                  | out_of_range",
        "2026-11-27T23:59:61Z                  | out_of_range",
        "2026-11-27T03:38:05+24:00             | out_of_range",
        "9999-12-31T23:59:59-01:00             | out_of_range",
        "0000-01-01T00:00:00+01:00             | out_of_range",
        "2026-11-27T03:38:05                   | invalid",
        "2026-11-27T03:38:05.123               | invalid",
        "2026-11-27 03:38:05Z                  | invalid",
        "2026-11-27T03:38Z                     | invalid",
        "2026-11-27T03:38:05.Z                 | invalid",
        "2026-11-27T03:38:05.1234567891Z       | invalid",
        "2026-11-27T03:38:05+0100              | invalid",
        "2026-11-27T03:38:05+01                | invalid",
        "2026-11-27T03:38:05ZZ                 | invalid",
        "+2026-11-27T03:38:05Z                 | invalid",
        "26-11-27T03:38:05Z                    | invalid",
        "2026-1-27T03:38:05Z                   | invalid",
        "yesterday                             | invalid",
        "''                                    | invalid",
    })
    void refusesAnyOtherTimestampNamingTheFieldAndWhatIsAccepted(String sent, String reason) {
        for (String field : new String[] {"creation-time", "mod-time"}) {
            assertThat(refused(withMeta("\"" + field + "\":\"" + sent + "\"")))
                    .isEqualTo("meta." + field + ": '" + sent + "' is not a valid timestamp (" + TIMESTAMPS + ")");
        }
        assertThat(rejected(reason)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1700000000    | 1700000000",
        "1.7e9         | 1.7E9",
        "true          | true",
        "{}            | an object",
    })
    void refusesATimestampThatIsNotAString(String sent, String got) {
        assertThat(refused(withMeta("\"creation-time\":" + sent)))
                .isEqualTo("meta.creation-time: " + got + " is not a timestamp (" + TIMESTAMPS + ")");
    }

    @Test
    void refusesABadTimestampInAListItemNamingTheItem() {
        String list = "{\"kind\":\"EventList\",\"items\":[" + withMeta("\"creation-time\":\"2026-11-27T03:38:05Z\"")
                + "," + withMeta("\"mod-time\":\"+1000000000-12-31T23:59:59.999999999Z\"") + "]}";

        JsonNode reply = json(handle(list).reply());

        assertThat(reply.get("accepted").asInt()).isEqualTo(1);
        assertThat(reply.get("rejected").get(0).get("error").asText()).isEqualTo("items[1].meta.mod-time: "
                + "'+1000000000-12-31T23:59:59.999999999Z' is not a valid timestamp (" + TIMESTAMPS + ")");
        assertThat(rejected("out_of_range")).isEqualTo(1);
    }

    // uuid

    @Test
    void takesACanonicalUuidAndAnUpperCaseOneInLowerCase() {
        String lower = "0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01";
        Result sentLower = handle(withMeta("\"uuid\":\"" + lower + "\""));
        Result sentUpper = handle(withMeta("\"uuid\":\"" + lower.toUpperCase() + "\""));

        assertThat(json(sentLower.reply()).get("uuid").asText()).isEqualTo(lower);
        assertThat(json(sentUpper.reply()).get("uuid").asText()).as("the same uuid as the lower-case one").isEqualTo(lower);
        assertThat(sentUpper.accepted().get(0).meta().selfLink()).isEqualTo("/events/v1/events/" + lower);
        assertThat(sentUpper.accepted().get(0).meta().name()).isEqualTo(lower);
    }

    @Test
    void givesAnEventWithAnEmptyUuidANewOne() {
        assertThat(accepted(withMeta("\"uuid\":\"\"")).uuid()).hasSize(36);
    }

    @ParameterizedTest(name = "uuid [{0}]")
    @ValueSource(strings = {
        "{0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01}",
        "0b6c2a4e9a1f4a558f432f1d1c3b7e01",
        "urn:uuid:0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01",
        "0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e0",
        "0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e011",
        "0b6c2a4e-9a1f-4a55-8f43_2f1d1c3b7e01",
        "0b6c2a4g-9a1f-4a55-8f43-2f1d1c3b7e01",
        "0b6c2a4e-9a1f-4a55-8f432-f1d1c3b7e01",
        "not-a-uuid",
        " ",
    })
    void refusesAUuidThatIsNotCanonical(String uuid) {
        assertThat(refused(withMeta("\"uuid\":\"" + uuid + "\"")))
                .isEqualTo("meta.uuid: '" + uuid + "' is not a UUID (" + UUIDS + ")");
        assertThat(rejected("invalid")).isEqualTo(1);
    }

    @Test
    void quotesBackOnlyTheStartOfAHugeUuidAndNoRawControlCharacters() {
        String huge = "\\u001b[31m\\r\\n" + "x".repeat(10_000);

        Result result = handle(withMeta("\"uuid\":\"" + huge + "\""));
        String error = json(result.reply()).get("error").asText();

        assertThat(result.reply().length()).as("the reply, not the 10,000 characters sent").isLessThan(300);
        assertThat(error).startsWith("meta.uuid: '\\u001b[31m\\u000d\\u000a" + "x".repeat(57) + "'... (10007 characters)")
                .doesNotContain("\u001b", "\r", "\n");
    }

    @Test
    void quotesBackOnlyTheStartOfAHugeTypeOrSeverity() {
        String type = "T".repeat(50_000);

        String unknownType = refused(EVENT.replace("LINK_UP", type) + "}");
        String loud = refused(EVENT.replace("\"info\"", "\"\\u0085" + "L".repeat(50_000) + "\"") + "}");

        assertThat(unknownType).isEqualTo("type: '" + "T".repeat(64) + "'... (50000 characters) is not in the event-type catalog");
        assertThat(loud).startsWith("severity: '\\u0085" + "L".repeat(63) + "'... (50001 characters) is not a severity");
    }
}
