package io.venice.events.dispatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.venice.events.model.Event;
import io.venice.events.store.EventStore;
import io.venice.events.store.EventStore.WhenFull;
import io.venice.events.store.StoredEvent;
import io.venice.events.testing.Events;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timed aggregate's repository and the event store: the store reader {@value HeldCounts#READER} keeps the
 * segment of a held count (and everything after it) while the count is held or released but not yet stored again,
 * and keeps nothing once it is, or while nothing is held. Segments of 1 KiB hold two lines each; a writer reader
 * ("file") that has delivered everything stands for the writers.
 */
class HeldCountsTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;
    EventStore store;
    HeldCounts heldCounts;
    final CamelContext context = new DefaultCamelContext();

    @BeforeEach
    void open() throws IOException {
        store = new EventStore(dir, 1024, 1 << 20, WhenFull.REJECT, false);
        store.registerReader("file", store.endOffset());
        heldCounts = new HeldCounts(store);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    /** Appends one first occurrence of a new event (a line of about 450 bytes); returns its offset. */
    long appendFirstOccurrence() {
        Event event = Events.linkDown("eth1", T0);
        return store.append(List.of(new StoredEvent(event.uuid(), T0.toEpochMilli(), event)), false);
    }

    /** Appends a repeat's state (held) of a new series; returns the exchange the dispatcher hands the aggregate. */
    Exchange appendHeldRepeat() {
        Event first = Events.linkDown("eth9", T0);
        StoredEvent state = new StoredEvent(UUID.randomUUID().toString(), T0.toEpochMilli(), true, first.withCount(2));
        long offset = store.append(List.of(state), false);
        Exchange repeat = new DefaultExchange(context);
        repeat.getMessage().setBody(state);
        repeat.getMessage().setHeader(LatestCount.OFFSET, offset);
        return repeat;
    }

    static String seriesOf(Exchange repeat) {
        return repeat.getMessage().getBody(StoredEvent.class).event().uuid();
    }

    /** The timed aggregate's flush: the group completes, its released count is appended (reserved) again. */
    Exchange release(Exchange held) {
        heldCounts.remove(context, seriesOf(held), held);
        store.append(List.of(held.getMessage().getBody(StoredEvent.class).released()), true);
        return held;
    }

    /** The writers delivered everything appended so far. */
    void writerPassesEverything() {
        store.advanceReader("file", store.endOffset());
    }

    /** The base offsets of the segment files on disk, oldest first. */
    List<Long> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("segment-\\d{20}\\.jsonl"))
                    .map(name -> Long.parseLong(name.substring("segment-".length(), name.length() - ".jsonl".length())))
                    .sorted()
                    .toList();
        }
    }

    /** The segment holding {@code offset}. */
    long segmentOf(long offset) throws IOException {
        return segments().stream().filter(base -> base <= offset).reduce((a, b) -> b).orElseThrow();
    }

    long activeSegment() throws IOException {
        List<Long> segments = segments();
        return segments.get(segments.size() - 1);
    }

    @Test
    void keepsTheSegmentOfAHeldCountWhileItIsHeldAndReleasedButNotStoredAgainAndLetsItGoOnceConfirmed() throws IOException {
        for (int i = 0; i < 4; i++) {
            appendFirstOccurrence();
        }
        Exchange repeat = appendHeldRepeat();
        long heldAt = repeat.getMessage().getHeader(LatestCount.OFFSET, Long.class);
        heldCounts.add(context, seriesOf(repeat), repeat);
        for (int i = 0; i < 6; i++) {
            appendFirstOccurrence();
        }
        long heldSegment = segmentOf(heldAt);
        assertThat(heldSegment).as("two whole segments before it").isGreaterThan(segments().get(1));

        writerPassesEverything();
        assertThat(segments()).as("held: the older segments go, the held line's stays").first().isEqualTo(heldSegment);

        release(repeat);
        writerPassesEverything();
        assertThat(segments()).as("released, not yet confirmed stored").first().isEqualTo(heldSegment);

        heldCounts.confirm(context, repeat.getExchangeId());
        assertThat(segments()).as("confirmed: nothing kept for it").containsExactly(activeSegment());
        assertThat(heldCounts.size()).isZero();
    }

    @Test
    void keepsFromTheLowestHeldCountAndMovesOnToTheNextWhenItIsConfirmed() throws IOException {
        appendFirstOccurrence();
        appendFirstOccurrence();
        Exchange older = appendHeldRepeat();
        heldCounts.add(context, seriesOf(older), older);
        for (int i = 0; i < 3; i++) {
            appendFirstOccurrence();
        }
        Exchange newer = appendHeldRepeat();
        heldCounts.add(context, seriesOf(newer), newer);
        for (int i = 0; i < 3; i++) {
            appendFirstOccurrence();
        }
        long olderSegment = segmentOf(older.getMessage().getHeader(LatestCount.OFFSET, Long.class));
        long newerSegment = segmentOf(newer.getMessage().getHeader(LatestCount.OFFSET, Long.class));
        assertThat(newerSegment).isGreaterThan(olderSegment);

        writerPassesEverything();
        assertThat(segments()).first().isEqualTo(olderSegment);

        release(older);
        writerPassesEverything();
        heldCounts.confirm(context, older.getExchangeId());
        assertThat(segments()).as("the newer count is still held").first().isEqualTo(newerSegment);

        release(newer);
        writerPassesEverything();
        heldCounts.confirm(context, newer.getExchangeId());
        assertThat(segments()).containsExactly(activeSegment());
    }

    @Test
    void keepsAHeldCountPutBackAtStartFromTheOffsetItWasReadAt() throws IOException {
        long from = appendFirstOccurrence();
        for (int i = 0; i < 5; i++) {
            appendFirstOccurrence();
        }
        Event first = Events.linkDown("eth9", T0);
        StoredEvent state = new StoredEvent(UUID.randomUUID().toString(), T0.toEpochMilli(), true, first.withCount(3));
        heldCounts.restore(context, state, from);

        writerPassesEverything();
        assertThat(segments()).as("everything from the restored line on").first().isEqualTo(segmentOf(from));
        assertThat(heldCounts.getKeys()).containsExactly(first.uuid());

        Exchange restored = heldCounts.get(context, first.uuid());
        release(restored);
        writerPassesEverything();
        heldCounts.confirm(context, restored.getExchangeId());
        assertThat(segments()).containsExactly(activeSegment());
    }

    @Test
    void keepsNothingWhileNoCountIsHeld() throws IOException {
        for (int i = 0; i < 8; i++) {
            appendFirstOccurrence();
        }

        writerPassesEverything();

        assertThat(segments()).as("the writers delivered everything and no count is held")
                .containsExactly(activeSegment());
    }

    @Test
    void keepsNothingOfWhatIsAppendedAfterTheLastHeldCountWasConfirmed() throws IOException {
        Exchange repeat = appendHeldRepeat();
        heldCounts.add(context, seriesOf(repeat), repeat);
        release(repeat);
        heldCounts.confirm(context, repeat.getExchangeId());
        for (int i = 0; i < 8; i++) {
            appendFirstOccurrence();
        }

        writerPassesEverything();

        assertThat(segments()).as("nothing held since").containsExactly(activeSegment());
    }
}
