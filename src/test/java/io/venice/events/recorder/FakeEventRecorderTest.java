package io.venice.events.recorder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.Recorded.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/** The fake a service's tests use instead of the real recorder. */
class FakeEventRecorderTest {

    static final EventSource SOURCE = new EventSource("linkmgr", "leaf1");
    static final List<String> TYPES = List.of("LINK_UP", "LINK_DOWN");
    static final Instant NOW = Instant.parse("2026-12-01T13:00:00Z");

    final FakeEventRecorder fake = new FakeEventRecorder(SOURCE, TYPES, Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    Path workDir;

    @Test
    void keepsEveryEventInOrderWithTheUuidItAnsweredAndTheFieldsTheProxyWouldGet() {
        Recorded down = fake.event("LINK_DOWN", Severity.WARN, "port eth1 down", ObjectRef.of("Port", "eth1"));
        Recorded up = fake.event("LINK_UP", Severity.INFO, "port eth1 up", null);

        List<Event> events = fake.events();
        assertThat(events).extracting(Event::type, Event::severity, Event::message, Event::objectRef)
                .containsExactly(tuple("LINK_DOWN", Severity.WARN, "port eth1 down", ObjectRef.of("Port", "eth1")),
                        tuple("LINK_UP", Severity.INFO, "port eth1 up", null));
        assertThat(events).extracting(Event::uuid).containsExactly(down.uuid(), up.uuid()).doesNotHaveDuplicates();
        assertThat(events).allSatisfy(event -> {
            assertThat(event.source()).isEqualTo(SOURCE);
            assertThat(event.creationTime()).isEqualTo(NOW);
            assertThat(event.count()).isEqualTo(1);
        });
        assertThat(fake.events("LINK_UP")).extracting(Event::message).containsExactly("port eth1 up");
    }

    @Test
    void acknowledgesByDefaultThenAnswersWhatTheTestChose() {
        assertThat(fake.event("LINK_UP", Severity.INFO, "a", null)).extracting(Recorded::outcome, Recorded::detail)
                .containsExactly(Outcome.ACKNOWLEDGED, "");
        assertThat(fake.hasBacklog()).isFalse();

        fake.willBackUp("proxy unavailable: no reply within 100 ms");
        assertThat(fake.event("LINK_UP", Severity.INFO, "b", null)).extracting(Recorded::outcome, Recorded::detail)
                .containsExactly(Outcome.BACKED_UP, "proxy unavailable: no reply within 100 ms");
        assertThat(fake.hasBacklog()).isTrue();

        fake.willReject("type 'LINK_UP' is not in the catalog");
        assertThat(fake.event("LINK_UP", Severity.INFO, "c", null)).extracting(Recorded::outcome, Recorded::detail)
                .containsExactly(Outcome.REJECTED, "type 'LINK_UP' is not in the catalog");

        fake.willAcknowledge();
        assertThat(fake.event("LINK_UP", Severity.INFO, "d", null).outcome()).isEqualTo(Outcome.ACKNOWLEDGED);
        assertThat(fake.hasBacklog()).as("the proxy came back and took the backlog").isFalse();
        assertThat(fake.events()).extracting(Event::message).containsExactly("a", "b", "c", "d");
        assertThat(fake.droppedEvents()).isZero();
    }

    @Test
    void refusesBadInputWithTheSameExceptionAndMessageAsTheRealRecorder() {
        List<Consumer<EventRecorder>> badCalls = List.of(
                recorder -> recorder.event("NODE_REBOOTED", Severity.INFO, "m", null),
                recorder -> recorder.event(null, Severity.INFO, "m", null),
                recorder -> recorder.event("LINK_UP", null, "m", null),
                recorder -> recorder.event("LINK_UP", Severity.INFO, "  ", null),
                recorder -> recorder.event("LINK_UP", Severity.INFO, null, null));
        try (EventRecorder real = EventRecorder.builder(SOURCE, TYPES, "tcp://127.0.0.1:1")
                .backupDir(workDir.resolve("backup")).build()) {
            for (Consumer<EventRecorder> call : badCalls) {
                Throwable fromReal = catchThrowable(() -> call.accept(real));
                Throwable fromFake = catchThrowable(() -> call.accept(fake));

                assertThat(fromReal).isInstanceOf(InvalidEventException.class);
                assertThat(fromFake).isInstanceOf(InvalidEventException.class).hasMessage(fromReal.getMessage());
            }
        }
        assertThat(fake.events()).isEmpty();
        assertThatThrownBy(() -> fake.event("LINK_UP", null, "m", null))
                .hasMessage("severity is null (expected one of info, warn, critical, debug)");
        assertThatThrownBy(() -> new FakeEventRecorder(SOURCE, List.of())).hasMessage("the list of event types is empty");
    }

    @Test
    void afterCloseItRefusesEventsLikeTheRealRecorderAndSaysItWasClosed() {
        assertThat(fake.isClosed()).isFalse();
        fake.close();
        fake.close();

        assertThat(fake.isClosed()).isTrue();
        assertThatThrownBy(() -> fake.event("LINK_UP", Severity.INFO, "m", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the recorder for linkmgr is closed");
    }

    @Test
    void keepsEveryEventOfManyThreadsRecordingAtOnceAndEachThreadsInItsOrder() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            String name = "t" + thread;
            done.add(threads.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    fake.event("LINK_DOWN", Severity.WARN, name + " #" + i, null);
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        threads.shutdown();

        List<Event> events = fake.events();
        assertThat(events).hasSize(8000);
        assertThat(events).extracting(Event::uuid).doesNotHaveDuplicates();
        for (int thread = 0; thread < 8; thread++) {
            String prefix = "t" + thread + " #";
            assertThat(events.stream().map(Event::message).filter(message -> message.startsWith(prefix)).toList())
                    .containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj(i -> prefix + i).toList());
        }
    }
}
