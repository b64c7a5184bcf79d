package io.venice.events.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.venice.events.json.EventJson;
import io.venice.events.model.Event;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stored line's event JSON, cut out of the line, is exactly the JSON a writer would have serialised. */
class StoredLineTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    EventStore open() throws IOException {
        return new EventStore(dir, 1_000_000, 100_000_000, WhenFull.REJECT, false);
    }

    static StoredLine parse(String line) throws IOException {
        return StoredLine.parse(bytes(line), 0, bytes(line).length, true);
    }

    @Test
    void aLineInsideALargerBufferGivesItsEventAndTheEventsOwnJson() throws IOException {
        Event event = Events.linkDown("eth1 \"quoted\" é", T0);
        String line = EventJson.write(new StoredEvent("a0c1b2d3-0000-4000-8000-000000000001", 17, true, event));
        byte[] buffer = bytes("garbage before\n" + line + "\tcrc and more after");
        int from = "garbage before\n".length();

        StoredLine parsed = StoredLine.parse(buffer, from, from + bytes(line).length, true);

        assertThat(parsed.stored()).isEqualTo(new StoredEvent("a0c1b2d3-0000-4000-8000-000000000001", 17, true, event));
        assertThat(new String(parsed.eventJson(), StandardCharsets.UTF_8)).isEqualTo(EventJson.write(event));
    }

    @Test
    void fieldsInAnyOrderAndUnknownOnesAroundTheEventLeaveItsJsonExact() throws IOException {
        Event event = Events.linkDown("eth2", T0);
        String eventJson = EventJson.write(event);
        String line = "{\"future\":{\"x\":[1,{\"event\":2}]},\"event\":" + eventJson
                + ",\"at\":5,\"later\":\"}\",\"occurrence\":\"occ\"}";

        StoredLine parsed = StoredLine.parse(bytes(line), 0, bytes(line).length, true);

        assertThat(parsed.stored()).isEqualTo(new StoredEvent("occ", 5, false, event));
        assertThat(new String(parsed.eventJson(), StandardCharsets.UTF_8)).isEqualTo(eventJson);
    }

    @Test
    void whatIsNoJsonObjectIsRefused() throws IOException {
        assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse("{\"at\":1,\"event\":{\"type\":")).isInstanceOf(IOException.class);
        assertThat(parse("{\"at\":1,\"event\":null}").eventJson()).isNull();
    }

    @Test
    void theJsonOfALineTheStoreWroteIsFoundAfterItsFixedFields() {
        Event event = Events.linkDown("eth3", T0);
        for (boolean held : new boolean[] {false, true}) {
            byte[] line = bytes(EventJson.write(new StoredEvent("occ-\"event\":", 99, held, event)));

            assertThat(new String(StoredLine.eventJsonOfWritten(line, 0, line.length), StandardCharsets.UTF_8))
                    .as("held %s", held).isEqualTo(EventJson.write(event));
        }
        byte[] noEvent = bytes("{\"occurrence\":\"x\",\"at\":1}");
        assertThat(StoredLine.eventJsonOfWritten(noEvent, 0, noEvent.length)).isNull();
    }

    @Test
    void everyReadGivesTheEventJsonFromTheTailAndFromTheFileAlike() throws IOException {
        List<StoredEvent> appended = EventStoreTailTest.events(0, 20);
        long first;
        try (EventStore store = open()) {
            first = store.append(appended, false);
            assertJsonOfEach(EventStoreTailTest.readAll(store, first, 7), appended);
            assertThat(store.stats().fileReads()).as("from the tail").isZero();
        }
        try (EventStore reopened = open()) {
            assertJsonOfEach(EventStoreTailTest.readAll(reopened, first, 7), appended);
            assertThat(reopened.stats().fileReads()).as("from the file").isPositive();
        }
    }

    @Test
    void aReaderThatDoesNotParseEventsGetsTheirJsonFromTheFileAndTheEventsOnlyWhenItAsks() throws IOException {
        List<StoredEvent> appended = EventStoreTailTest.events(0, 5);
        long first;
        try (EventStore store = open()) {
            first = store.append(appended, false);
        }
        try (EventStore reopened = open()) {
            List<EventStore.Entry> entries = reopened.read(first, 10, false).entries();

            assertJsonOfEach(entries, appended);
            assertThat(entries).allSatisfy(entry -> assertThat(entry.event().event()).as("not parsed").isNull());
            assertThat(entries.get(2).event().occurrence()).isEqualTo(appended.get(2).occurrence());
            EventBatch batch = new EventBatch(new Event[] {null, null},
                    new byte[][] {entries.get(0).eventJson(), entries.get(1).eventJson()});
            assertThat(batch).as("parsed when asked").containsExactly(appended.get(0).event(), appended.get(1).event());
        }
    }

    @Test
    void withoutParsingTheEventALineStillNeedsAnEventObjectAndAnOccurrence() throws IOException {
        StoredLine line = StoredLine.parse(bytes("{\"occurrence\":\"o\",\"event\":{\"type\":1}}"), 0,
                "{\"occurrence\":\"o\",\"event\":{\"type\":1}}".length(), false);

        assertThat(line.stored().event()).isNull();
        assertThat(new String(line.eventJson(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":1}");
        assertThat(StoredLine.parse(bytes("{\"occurrence\":\"o\",\"event\":[1]}"), 0, 30, false).eventJson()).isNull();
    }

    @Test
    void aLineInTheShapeTheStoreWritesIsReadWithoutAParserAsTheParserReadsIt() throws IOException {
        Event event = Events.linkDown("eth4 \"quoted\" é", T0);
        for (StoredEvent stored : List.of(new StoredEvent("5b0e0c8e-3f0c-4a5e-9a53-0f3c1f9f7a61", 1764590000000L, event),
                new StoredEvent("5b0e0c8e-3f0c-4a5e-9a53-0f3c1f9f7a62", 7, true, event),
                new StoredEvent(null, 0, event), new StoredEvent("not a uuid", -5, event))) {
            String line = EventJson.write(stored);

            StoredLine fast = StoredLine.ofWritten(bytes(line), 0, bytes(line).length);
            StoredLine parsed = StoredLine.parse(bytes(line), 0, bytes(line).length, false);

            assertThat(fast).as(line).isNotNull();
            assertThat(fast.stored()).as(line).isEqualTo(parsed.stored());
            assertThat(fast.eventJson()).as(line).isEqualTo(parsed.eventJson());
        }
    }

    @Test
    void aCopiedLineSaysWhereItCameFromAndIsReadWithoutAParserToo() throws IOException {
        String event = EventJson.write(Events.linkDown("eth6", T0));
        String json = "{\"occurrence\":\"5b0e0c8e-3f0c-4a5e-9a53-0f3c1f9f7a61\",\"at\":12,\"source\":4096,"
                + "\"batch\":1024,\"event\":" + event + "}";
        byte[] line = java.util.Arrays.copyOf(bytes(json), bytes(json).length + LineChecksum.SUFFIX_BYTES + 1);
        LineChecksum.write(line, 0, bytes(json).length);
        line[line.length - 1] = '\n';

        assertThat(StoredLine.copyMarks(line)).containsExactly(4096, 1024);
        StoredLine fast = StoredLine.ofWritten(bytes(json), 0, bytes(json).length);
        assertThat(fast.stored()).isEqualTo(StoredLine.parse(bytes(json), 0, bytes(json).length, false).stored());
        assertThat(new String(fast.eventJson(), StandardCharsets.UTF_8)).isEqualTo(event);

        line[20] ^= 1;
        assertThat(StoredLine.copyMarks(line)).as("a damaged line says nothing").isNull();
        String original = EventJson.write(new StoredEvent("o", 1, Events.linkDown("eth7", T0)));
        assertThat(StoredLine.copyMarks(bytes(original + "\n"))).as("no checksum, no copy").isNull();
    }

    @Test
    void aLineInAnyOtherShapeIsLeftToTheParser() {
        String event = EventJson.write(Events.linkDown("eth5", T0));
        for (String line : List.of("{\"occurrence\":\"a\\\"b\",\"at\":1,\"event\":" + event + "}",
                "{\"at\":1,\"occurrence\":\"o\",\"event\":" + event + "}",
                "{\"occurrence\":\"o\",\"at\":1,\"event\":" + event + ",\"more\":1}",
                "{\"occurrence\":\"o\",\"at\":,\"event\":" + event + "}",
                "{\"occurrence\":\"o\",\"at\":1,\"held\":false,\"event\":" + event + "}",
                "{\"occurrence\":\"o\",\"at\":1,\"event\":[1]}", "{\"occurrence\":\"o")) {
            assertThat(StoredLine.ofWritten(bytes(line), 0, bytes(line).length)).as(line).isNull();
        }
    }

    private static void assertJsonOfEach(List<EventStore.Entry> entries, List<StoredEvent> appended) {
        assertThat(entries).hasSize(appended.size());
        for (int i = 0; i < entries.size(); i++) {
            assertThat(new String(entries.get(i).eventJson(), StandardCharsets.UTF_8)).as("entry %d", i)
                    .isEqualTo(EventJson.write(appended.get(i).event()));
        }
    }
}
