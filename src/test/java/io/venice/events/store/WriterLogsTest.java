package io.venice.events.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.venice.events.model.Event;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.testing.Events;
import io.venice.events.testing.LogCapture;
import io.venice.events.testing.MutableClock;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writers' own logs: what the fan-out's multicast appends ({@code to: store:<writer>} with the batch a
 * {@code store:events} consumer delivered), the logs the component opens by name, and the upgrade of a data
 * folder whose writers read the intake log.
 */
class WriterLogsTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    static List<StoredEvent> states(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> new StoredEvent("6f1c2d3e-0000-4000-8000-" + String.format("%012d", i), 1000L + i,
                        Events.linkDown("eth" + i, T0)))
                .toList();
    }

    /** The batch a reader of {@code store} hands out from its start (held states passed over). */
    static EventBatch batch(EventStore store, Path offsets, String reader, boolean parseEvents) {
        WriterFeed feed = new WriterFeed(reader, store, offsets, 1000, new MutableClock(T0)).parsingEvents(parseEvents);
        try {
            Files.createDirectories(offsets);
            Files.writeString(offsets.resolve(reader + ".offset"), "0");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return (EventBatch) feed.open().next();
    }

    static List<String> lines(Path logDir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path segment : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(segment, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Test
    void aCopiedBatchIsTheSameLinesAsTheOriginalsWhetherReadFromTheTailOrFromTheFiles() throws IOException {
        List<StoredEvent> held = List.of(new StoredEvent("6f1c2d3e-0000-4000-8000-999999999999", 5, true,
                Events.linkDown("eth9", T0)));
        try (EventStore intake = new EventStore(dir.resolve("intake"), 1 << 20, 1 << 30, WhenFull.REJECT, false)) {
            intake.append(states(0, 3), false);
            intake.append(held, false);
            intake.append(states(3, 2), false);
            try (EventStore fromTail = new EventStore(dir.resolve("tail"), 1 << 20, 1 << 30, WhenFull.REJECT, false)) {
                fromTail.append(batch(intake, dir.resolve("o1"), "fan-out", false));
            }
        }
        try (EventStore reopened = new EventStore(dir.resolve("intake"), 1 << 20, 1 << 30, WhenFull.REJECT, false);
             EventStore fromFiles = new EventStore(dir.resolve("files"), 1 << 20, 1 << 30, WhenFull.REJECT, false)) {
            fromFiles.append(batch(reopened, dir.resolve("o2"), "fan-out", false));
        }

        List<String> originals = lines(dir.resolve("intake")).stream().filter(l -> !l.contains("\"held\":true"))
                .map(l -> l.substring(0, l.indexOf('\t'))).toList();
        assertThat(originals).hasSize(5);
        for (Path copy : List.of(dir.resolve("tail"), dir.resolve("files"))) {
            List<String> copied = lines(copy);
            assertThat(copied).as("each line's checksum").allSatisfy(line -> assertThat(LineChecksum.verify(
                    line.getBytes(StandardCharsets.UTF_8), 0, line.getBytes(StandardCharsets.UTF_8).length))
                    .isEqualTo(LineChecksum.Verdict.VALID));
            assertThat(copied).as("copied from %s: the original lines, and where each was in the intake log", copy)
                    .extracting(l -> l.substring(0, l.indexOf('\t')).replaceFirst(",\"source\":\\d+,\"batch\":0", ""))
                    .containsExactlyElementsOf(originals);
        }
    }

    @Test
    void aReaderOfTheCopyGetsTheEventsTheWritersGetAndTheStatesAsStored() throws IOException {
        List<StoredEvent> states = states(0, 4);
        List<Event> events = states.stream().map(StoredEvent::event).toList();
        try (EventStore intake = new EventStore(dir.resolve("intake"), 1 << 20, 1 << 30, WhenFull.REJECT, false);
             EventStore copy = new EventStore(dir.resolve("copy"), 1 << 20, 1 << 30, WhenFull.REJECT, false)) {
            intake.append(states, false);
            copy.append(batch(intake, dir.resolve("o"), "fan-out", false));

            EventBatch read = batch(copy, dir.resolve("o"), "venice", true);

            assertThat(read).containsExactlyElementsOf(events);
            assertThat(copy.read(0, 10).entries()).extracting(EventStore.Entry::event)
                    .extracting(StoredEvent::occurrence, StoredEvent::at, StoredEvent::held)
                    .containsExactlyElementsOf(states.stream()
                            .map(s -> org.assertj.core.groups.Tuple.tuple(s.occurrence(), s.at(), false)).toList());
        }
        try (EventStore copy = new EventStore(dir.resolve("copy"), 1 << 20, 1 << 30, WhenFull.REJECT, false)) {
            assertThat(copy.read(0, 10).entries()).as("read back from its file after a restart")
                    .extracting(e -> e.event().event()).containsExactlyElementsOf(events);
        }
    }

    @Test
    void aFullLogRefusesACopyUntilItsReaderHasDeliveredEverythingThenTakesEvenOneLargerThanTheLog() throws IOException {
        try (EventStore first = new EventStore(dir.resolve("first"), 1 << 20, 1 << 30, WhenFull.REJECT, false);
             EventStore then = new EventStore(dir.resolve("then"), 1 << 20, 1 << 30, WhenFull.REJECT, false);
             EventStore small = new EventStore(dir.resolve("small"), 1024, 2048, WhenFull.REJECT, false)) {
            List<StoredEvent> tenStates = states(2, 10);
            first.append(states(0, 2), false);
            then.append(tenStates, false);
            EventBatch two = batch(first, dir.resolve("o"), "fan-out", false);
            EventBatch ten = batch(then, dir.resolve("o"), "fan-out", false);
            small.registerReader("venice", 0);
            long twoEnd = small.append(two) + lines(dir.resolve("small")).stream().mapToLong(l -> l.length() + 1).sum();

            assertThatThrownBy(() -> small.append(ten)).as("10 events (over 3 KB) while 2 are not delivered")
                    .isInstanceOf(StoreFullException.class)
                    .hasMessageContaining("larger than store.max-bytes=2048");

            small.advanceReader("venice", twoEnd);
            small.append(ten);
            assertThat(small.read(twoEnd, 20).entries()).as("taken once its reader had delivered all before")
                    .extracting(e -> e.event().occurrence())
                    .containsExactlyElementsOf(tenStates.stream().map(StoredEvent::occurrence).toList());
        }
    }

    @Test
    void theBatchACrashInterruptedIsNotTakenTwiceByALogThatHadItAndWhollyByOneThatHadNot() throws IOException {
        List<StoredEvent> first = states(0, 5);
        List<StoredEvent> later = states(5, 2);
        Path offsets = dir.resolve("offsets");
        try (EventStore intake = new EventStore(dir.resolve("intake"), 1 << 20, 1 << 30, WhenFull.REJECT, false)) {
            intake.append(first, false);
            try (EventStore venice = open("venice")) {
                venice.append(batch(intake, offsets, "fan-out", false)); // then a crash: the fan-out never commits
            }
            intake.append(later, false); // taken after the restart, before the fan-out reads again

            EventBatch again = batch(intake, offsets, "fan-out", false);
            try (EventStore venice = open("venice"); EventStore syslog = open("syslog")) {
                venice.append(again);
                syslog.append(again);
            }
        }

        List<String> all = new ArrayList<>();
        first.forEach(s -> all.add(s.occurrence()));
        later.forEach(s -> all.add(s.occurrence()));
        assertThat(occurrences("venice")).as("what it had, then only what it had not").containsExactlyElementsOf(all);
        assertThat(occurrences("syslog")).as("it had none of it").containsExactlyElementsOf(all);
    }

    @Test
    void aBatchAfterTheLastOneALogTookIsTakenWholeAfterARestart() throws IOException {
        Path offsets = dir.resolve("offsets");
        try (EventStore intake = new EventStore(dir.resolve("intake"), 1 << 20, 1 << 30, WhenFull.REJECT, false)) {
            intake.append(states(0, 3), false);
            Files.createDirectories(offsets);
            Files.writeString(offsets.resolve("fan-out.offset"), "0");
            WriterFeed fanOut = new WriterFeed("fan-out", intake, offsets, 1000, new MutableClock(T0))
                    .parsingEvents(false).open();
            try (EventStore venice = open("venice")) {
                venice.append((EventBatch) fanOut.next());
            }
            fanOut.commit();
            intake.append(states(3, 3), false);
            try (EventStore venice = open("venice")) {
                venice.append((EventBatch) fanOut.next());
            }
        }

        assertThat(occurrences("venice")).hasSize(6).doesNotHaveDuplicates();
    }

    EventStore open(String log) throws IOException {
        return new EventStore(dir.resolve("logs").resolve(log), 1 << 20, 1 << 30, WhenFull.REJECT, false);
    }

    List<String> occurrences(String log) throws IOException {
        try (EventStore store = open(log)) {
            return store.read(0, 100).entries().stream().map(e -> e.event().occurrence()).toList();
        }
    }

    @Test
    void theComponentOpensALogTheFirstTimeAnEndpointNamesItAndClosesItWhenItStops() throws Exception {
        List<Path> opened = new ArrayList<>();
        try (EventStore intake = new EventStore(dir.resolve("intake"), 1 << 20, 1 << 30, WhenFull.REJECT, false);
             DefaultCamelContext camel = new DefaultCamelContext()) {
            StoreComponent component = new StoreComponent(Map.of("events", intake), name -> {
                Path logDir = dir.resolve("logs").resolve(name);
                opened.add(logDir);
                try {
                    return new EventStore(logDir, 1 << 20, 1 << 30, WhenFull.REJECT, false);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, dir.resolve("offsets"), new MutableClock(T0));
            camel.addComponent("store", component);
            camel.start();
            intake.append(states(0, 3), false);

            camel.createProducerTemplate().sendBody("store:venice", batch(intake, dir.resolve("o"), "fan-out", false));
            camel.getEndpoint("store:venice?reader=venice");

            assertThat(opened).as("opened once, for both endpoints").containsExactly(dir.resolve("logs/venice"));
            assertThat(component.logs()).containsOnlyKeys("events", "venice");
            assertThat(lines(dir.resolve("logs/venice"))).hasSize(3);
            assertThatThrownBy(() -> camel.getEndpoint("store:Venice"))
                    .hasStackTraceContaining("store:Venice: a log's name is lower-case letters, digits, '_' and '-', "
                            + "starting with a letter or digit (it names the log's directory); got 'Venice'");

            EventStore venice = component.logs().get("venice");
            camel.stop();
            assertThatThrownBy(() -> venice.append(states(3, 1), false)).as("closed with the component")
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void theFanOutOfAnUpgradedDataFolderStartsWhereTheSlowestWriterWasAndTheirOldOffsetsGo() throws IOException {
        Path offsets = Files.createDirectories(dir.resolve("offsets"));
        Files.writeString(offsets.resolve("venice.offset"), "1200");
        Files.writeString(offsets.resolve("file.offset"), "5400");
        Files.writeString(offsets.resolve("policy.p.tcp.h.514.offset"), "300");

        try (LogCapture log = LogCapture.start()) {
            SharedLogUpgrade.run(offsets, dir.resolve("logs"), "fan-out", List.of("venice", "syslog", "file"));

            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("the fan-out starts at offset 1200"));
        }
        assertThat(Files.readString(offsets.resolve("fan-out.offset"))).isEqualTo("1200");
        assertThat(offsets.resolve("venice.offset")).doesNotExist();
        assertThat(offsets.resolve("file.offset")).doesNotExist();
        assertThat(offsets.resolve("policy.p.tcp.h.514.offset")).as("a policy target still reads the intake log")
                .hasContent("300");

        Files.writeString(offsets.resolve("venice.offset"), "0"); // the venice reader, now in its own log
        SharedLogUpgrade.run(offsets, dir.resolve("logs"), "fan-out", List.of("venice", "syslog", "file"));
        assertThat(offsets.resolve("venice.offset")).as("upgraded once").hasContent("0");
        assertThat(offsets.resolve("fan-out.offset")).hasContent("1200");
    }

    @Test
    void aNewDataFolderOrOneWithoutWriterOffsetsNeedsNoUpgrade() throws IOException {
        Path offsets = Files.createDirectories(dir.resolve("offsets"));
        SharedLogUpgrade.run(offsets, dir.resolve("logs"), "fan-out", List.of("venice", "syslog", "file"));
        assertThat(offsets.resolve("fan-out.offset")).as("the fan-out starts from now, as any new reader")
                .doesNotExist();
    }
}
