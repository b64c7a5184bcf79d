package io.venice.events.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.model.EventCatalog;
import io.venice.events.proxy.EventValidator.TypeCheck;
import io.venice.events.testing.MutableClock;
import io.venice.events.store.StoreFullException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyIntakeTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00.123456Z");
    static final String LINK_DOWN = "{\"type\":\"LINK_DOWN\",\"severity\":\"warn\",\"message\":\"port eth1 down\","
            + "\"source\":{\"component\":\"linkmgr\"},\"object-ref\":{\"kind\":\"Port\",\"name\":\"eth1\"}}";

    final EventCatalog catalog = shippedCatalog();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ProxyIntake intake = intake(TypeCheck.STRICT, false);

    /** What the proxy makes of one line, as the proxy route asks it (no dispatcher: nothing is a duplicate). */
    record Result(List<Event> accepted, String reply) {
    }

    Result handle(Object line) {
        return handle(intake, line);
    }

    static Result handle(ProxyIntake intake, Object line) {
        IntakeBatch batch = intake.read(line);
        return new Result(batch.events(), intake.replies(batch, null));
    }

    static EventCatalog shippedCatalog() {
        try (InputStream in = Files.newInputStream(Path.of("config/event-types.yaml"))) {
            return EventCatalog.read(in, "config/event-types.yaml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    ProxyIntake intake(TypeCheck typeCheck, boolean overwriteNodeName) {
        MutableClock clock = new MutableClock(NOW);
        return new ProxyIntake(new EventValidator(catalog, typeCheck),
                new EventDefaults(catalog, "proxy-node", overwriteNodeName, clock),
                meters);
    }

    static JsonNode json(String reply) {
        return EventJson.read(reply, JsonNode.class);
    }

    @Test
    void acceptsAnEventAndFillsTheDefaultsTheOriginalFilled() {
        Result result = handle(LINK_DOWN);

        assertThat(result.accepted()).hasSize(1);
        Event event = result.accepted().get(0);
        assertThat(json(result.reply()).get("status").asText()).isEqualTo("ok");
        assertThat(json(result.reply()).get("uuid").asText()).isEqualTo(event.uuid());
        assertThat(event.uuid()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(event.meta().name()).isEqualTo(event.uuid());
        assertThat(event.meta().selfLink()).isEqualTo("/events/v1/events/" + event.uuid());
        assertThat(event.creationTime()).isEqualTo(NOW);
        assertThat(event.modTime()).isEqualTo(NOW);
        assertThat(event.kind()).isEqualTo("Event");
        assertThat(event.count()).isEqualTo(1);
        assertThat(event.category()).isEqualTo("network");
        assertThat(event.nodeName()).isEqualTo("proxy-node");
    }

    @Test
    void keepsWhatTheSenderSetIncludingItsNodeNameUnlessToldToOverwriteIt() {
        String line = "{\"kind\":\"Event\",\"meta\":{\"uuid\":\"11111111-2222-4333-8444-555555555555\","
                + "\"creation-time\":\"2026-01-02T03:04:05Z\",\"labels\":{\"rack\":\"r1\"}},\"type\":\"LINK_UP\","
                + "\"severity\":\"info\",\"category\":\"system\",\"count\":4,"
                + "\"source\":{\"component\":\"c\",\"node-name\":\"leaf7\"}}";

        Event kept = handle(line).accepted().get(0);
        Event overwritten = handle(intake(TypeCheck.STRICT, true), line).accepted().get(0);

        assertThat(kept.uuid()).isEqualTo("11111111-2222-4333-8444-555555555555");
        assertThat(kept.meta().selfLink()).isEqualTo("/events/v1/events/11111111-2222-4333-8444-555555555555");
        assertThat(kept.creationTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(kept.modTime()).isEqualTo(kept.creationTime());
        assertThat(kept.meta().labels()).containsEntry("rack", "r1");
        assertThat(kept.category()).isEqualTo("system");
        assertThat(kept.count()).isEqualTo(4);
        assertThat(kept.nodeName()).isEqualTo("leaf7");
        assertThat(overwritten.nodeName()).isEqualTo("proxy-node");
    }

    @Test
    void takesAnUnknownTypeOnlyWhenTheTypeCheckAcceptsUnknownTypes() {
        String line = "{\"type\":\"MY_OWN_TYPE\",\"severity\":\"info\",\"source\":{\"component\":\"c\"}}";

        Result strict = handle(line);
        Result lenient = handle(intake(TypeCheck.ACCEPT_UNKNOWN, false), line);

        assertThat(strict.accepted()).isEmpty();
        assertThat(json(strict.reply()).get("error").asText()).isEqualTo("type: 'MY_OWN_TYPE' is not in the event-type catalog");
        assertThat(lenient.accepted()).hasSize(1);
        assertThat(lenient.accepted().get(0).category()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not JSON              | garbage but longer than a word                             | malformed JSON at column 8: Unrecognized token 'garbage': was expecting a JSON value",
        "a short line not JSON | garbage                                                    | malformed JSON",
        "empty line            | ``                                                         | empty line",
        "blank line            | `   `                                                      | empty line",
        "an array              | [1,2]                                                      | expected a JSON object, got array",
        "a string              | `\"hello\"`                                                | expected a JSON object, got string",
        "truncated             | `{\"type\":\"LINK_UP\"`                                    | malformed JSON",
        "no type               | `{\"severity\":\"info\",\"source\":{\"component\":\"c\"}}` | type: missing",
        "no severity           | `{\"type\":\"LINK_UP\",\"source\":{\"component\":\"c\"}}`  | severity: missing (one of info, warn, critical, debug)",
        "bad severity          | `{\"type\":\"LINK_UP\",\"severity\":\"loud\",\"source\":{\"component\":\"c\"}}` | severity: 'loud' is not a severity (expected one of info, warn, critical, debug)",
        "no source             | `{\"type\":\"LINK_UP\",\"severity\":\"info\"}`             | source.component: missing",
        "source not an object  | `{\"type\":\"LINK_UP\",\"severity\":\"info\",\"source\":\"abc\"}` | source: expected a JSON object",
        "blank component       | `{\"type\":\"LINK_UP\",\"severity\":\"info\",\"source\":{\"component\":\" \"}}` | source.component: missing",
        "bad timestamp         | `{\"type\":\"LINK_UP\",\"severity\":\"info\",\"source\":{\"component\":\"c\"},\"meta\":{\"mod-time\":\"yesterday\"}}` | meta.mod-time: 'yesterday' is not a valid timestamp (expected RFC 3339",
        "count not a number    | `{\"type\":\"LINK_UP\",\"severity\":\"info\",\"source\":{\"component\":\"c\"},\"count\":\"many\"}` | count: expected an integer from 1 to 2147483647, got a string 'many'",
        "count zero            | `{\"type\":\"LINK_UP\",\"severity\":\"info\",\"source\":{\"component\":\"c\"},\"count\":0}` | count: 0 is out of range (expected an integer from 1 to 2147483647)",
        "clock not set         | `{\"type\":\"LINK_UP\",\"severity\":\"info\",\"source\":{\"component\":\"c\"},\"meta\":{\"creation-time\":\"2000-01-01T00:00:05Z\"}}` | meta.creation-time: 2000-01-01T00:00:05Z is before proxy.min-creation-time (2001-01-01T00:00:00Z): is the sender's clock set?",
        "wrong kind            | `{\"kind\":\"Pod\",\"type\":\"LINK_UP\",\"severity\":\"info\",\"source\":{\"component\":\"c\"}}` | kind: 'Pod' is not Event",
        "list without items    | `{\"kind\":\"EventList\"}`                                 | items: an EventList needs an array 'items'",
    })
    void rejectsBadInputWithAnErrorNamingWhatIsWrong(String name, String line, String error) {
        Result result = handle(line == null ? "" : line);

        assertThat(result.accepted()).isEmpty();
        JsonNode reply = json(result.reply());
        assertThat(reply.get("status").asText()).isEqualTo("error");
        assertThat(reply.get("error").asText()).startsWith(error);
    }

    @Test
    void refusesALineWithAnythingAfterItsJsonValue() {
        Result two = handle(LINK_DOWN + LINK_DOWN.replace("eth1", "eth2"));
        Result garbage = handle(LINK_DOWN + " ]]]garbage");

        assertThat(two.accepted()).as("neither of two events on one line").isEmpty();
        assertThat(json(two.reply()).get("error").asText()).isEqualTo("malformed JSON at column "
                + (LINK_DOWN.length() + 2) + ": more after the JSON value; send one event or EventList per line");
        assertThat(garbage.accepted()).isEmpty();
        assertThat(json(garbage.reply()).get("error").asText()).startsWith("malformed JSON at column ");
    }

    @Test
    void answersALineBeyondTheParsersLimitsWithAnErrorNamingTheLimit() {
        Result nested = handle("[".repeat(60_000));
        Result longNumber = handle(LINK_DOWN.replace("{\"type\"", "{\"count\":" + "9".repeat(2_000) + ",\"type\""));

        assertThat(json(nested.reply()).get("error").asText())
                .startsWith("line exceeds a limit of the JSON parser: ").contains("nesting depth");
        assertThat(json(longNumber.reply()).get("error").asText())
                .startsWith("line exceeds a limit of the JSON parser: ").contains("Number value length");
        assertThat(rejected("limit")).isEqualTo(2);
    }

    @Test
    void rejectsBinaryGarbageAsMalformedJson() {
        String garbage = new String(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '{'}, java.nio.charset.StandardCharsets.UTF_8);

        Result result = handle(garbage);

        assertThat(result.accepted()).isEmpty();
        assertThat(json(result.reply()).get("error").asText()).startsWith("malformed JSON");
    }

    @Test
    void ignoresUnknownFieldsInsteadOfFailing() {
        Result result = handle(LINK_DOWN.replace("{\"type\"", "{\"color\":\"blue\",\"type\""));

        assertThat(result.accepted()).hasSize(1);
    }

    @Test
    void acceptsTheGoodItemsOfAListAndSaysWhichOthersWereRejectedAndWhy() {
        String list = "{\"kind\":\"EventList\",\"items\":[" + LINK_DOWN + ",{\"type\":\"LINK_UP\"},42," + LINK_DOWN + "]}";

        Result result = handle(list);

        assertThat(result.accepted()).hasSize(2);
        JsonNode reply = json(result.reply());
        assertThat(reply.get("status").asText()).isEqualTo("error");
        assertThat(reply.get("error").asText()).isEqualTo("2 of 4 items rejected; the others were accepted");
        assertThat(reply.get("accepted").asInt()).isEqualTo(2);
        assertThat(reply.get("rejected")).hasSize(2);
        assertThat(reply.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(reply.get("rejected").get(0).get("error").asText()).isEqualTo("items[1].severity: missing (one of info, warn, critical, debug)");
        assertThat(reply.get("rejected").get(1).get("index").asInt()).isEqualTo(2);
        assertThat(reply.get("rejected").get(1).get("error").asText()).isEqualTo("items[2]: expected a JSON object");
    }

    @Test
    void answersAListOfGoodEventsWithOkAndTheCount() {
        String list = "{\"kind\":\"EventList\",\"items\":[" + LINK_DOWN + "," + LINK_DOWN + "]}";

        JsonNode reply = json(handle(list).reply());

        assertThat(reply.get("status").asText()).isEqualTo("ok");
        assertThat(reply.get("accepted").asInt()).isEqualTo(2);
        assertThat(reply.get("rejected")).isEmpty();
    }

    @Test
    void answersAnOverlongLineWithAnErrorSayingTheLimit() {
        Result result = handle(new OversizedLine(65536));

        assertThat(result.accepted()).isEmpty();
        assertThat(json(result.reply()).get("error").asText())
                .isEqualTo("line longer than proxy.max-line-bytes (65536 bytes) was discarded; send smaller lines");
    }

    double rejected(String reason) {
        return meters.get(ProxyIntake.REJECTED).tag("reason", reason).counter().count();
    }

    @Test
    void countsEveryEventReceivedAndEveryRejectionByReason() {
        String unknownType = LINK_DOWN.replace("LINK_DOWN", "NO_SUCH_TYPE");
        String noSeverity = LINK_DOWN.replace("\"severity\":\"warn\",", "");
        String loudSeverity = LINK_DOWN.replace("\"warn\"", "\"loud\"");

        handle(LINK_DOWN);
        handle("{\"kind\":\"EventList\",\"items\":[" + LINK_DOWN + "," + noSeverity + "," + unknownType + ","
                + loudSeverity + "]}");
        handle(unknownType);
        handle("not json");
        handle(new OversizedLine(65536));
        intake.notStored(intake.read("{\"kind\":\"EventList\",\"items\":[" + LINK_DOWN + "," + LINK_DOWN + "]}"),
                new StoreFullException("event store full"));

        assertThat(meters.get(ProxyIntake.RECEIVED).counter().count()).isEqualTo(1 + 4 + 1 + 1 + 1 + 2);
        assertThat(rejected("invalid")).as("a missing and a wrong severity").isEqualTo(2);
        assertThat(rejected("unknown_type")).isEqualTo(2);
        assertThat(rejected("malformed")).isEqualTo(1);
        assertThat(rejected("oversized")).isEqualTo(1);
        assertThat(rejected("store_full")).as("both events of the list that could not be stored").isEqualTo(2);
    }

    @Test
    void countsEachKindOfRefusalUnderItsOwnReason() {
        handle("not json, and longer than a word");
        handle(LINK_DOWN + "{}");
        handle("[1]");
        handle("");
        handle("[".repeat(2_000));
        handle(LINK_DOWN.replace("\"warn\"", "\"loud\""));
        handle(LINK_DOWN.replace("{\"type\"", "{\"meta\":{\"uuid\":\"{x}\"},\"type\""));
        handle(LINK_DOWN.replace("{\"type\"", "{\"count\":0,\"type\""));
        handle(LINK_DOWN.replace("{\"type\"", "{\"meta\":{\"creation-time\":\"10000-01-01T00:00:00Z\"},\"type\""));
        handle(LINK_DOWN.replace("LINK_DOWN", "NO_SUCH_TYPE"));
        handle(LINK_DOWN.replace("{\"type\"", "{\"meta\":{\"creation-time\":\"1970-01-01T00:00:00Z\"},\"type\""));
        handle(new OversizedLine(65536));
        intake.notStored(intake.read(LINK_DOWN), new StoreFullException("event store full"));
        intake.notStored(intake.read(LINK_DOWN), new java.io.UncheckedIOException(new java.io.IOException("No space left on device")));

        assertThat(rejected("malformed")).as("not JSON, more after the value, not an object").isEqualTo(3);
        assertThat(rejected("empty")).isEqualTo(1);
        assertThat(rejected("limit")).isEqualTo(1);
        assertThat(rejected("invalid")).as("a bad severity, a bad uuid").isEqualTo(2);
        assertThat(rejected("out_of_range")).as("count 0, the year 10000").isEqualTo(2);
        assertThat(rejected("unknown_type")).isEqualTo(1);
        assertThat(rejected("too_old")).as("dated 1970: a clock not set").isEqualTo(1);
        assertThat(rejected("oversized")).isEqualTo(1);
        assertThat(rejected("store_full")).isEqualTo(1);
        assertThat(rejected("store_error")).isEqualTo(1);
        assertThat(meters.find(ProxyIntake.REJECTED).counters()).extracting(c -> c.getId().getTag("reason"))
                .allMatch(reason -> reason.matches("[a-z]+(_[a-z]+)*"));
    }


    @Test
    void theOkReplyWrittenByHandIsWhatJacksonWritesAndAnUnusualUuidStillGetsEscaped() {
        String uuid = "0b6c2a4e-9a1f-4a55-8f43-2f1d1c3b7e01";
        for (boolean duplicate : new boolean[] {false, true}) {
            java.util.Map<String, Object> reply = new java.util.LinkedHashMap<>();
            reply.put("status", "ok");
            reply.put("uuid", uuid);
            if (duplicate) {
                reply.put("duplicate", true);
            }

            assertThat(ProxyIntake.okReply(uuid, duplicate)).isEqualTo(EventJson.write(reply));
        }
        assertThat(ProxyIntake.okReply("a\"b", false)).isEqualTo("{\"status\":\"ok\",\"uuid\":\"a\\\"b\"}");
    }
}
