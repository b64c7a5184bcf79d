package io.venice.events.recorder;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.venice.events.model.Event;
import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.Recorded.Outcome;

/**
 * An {@link EventRecorder} for a service's tests: no proxy, no disk, no threads. It checks each call exactly as
 * the real recorder does (same {@link InvalidEventException}, same message), keeps every event it took, in
 * order, with its uuid and fields, and answers with the outcome the test chose (acknowledged unless told
 * otherwise):
 * <pre>{@code
 * FakeEventRecorder events = new FakeEventRecorder(new EventSource("linkmgr", "leaf1"), List.of("LINK_UP", "LINK_DOWN"));
 * LinkManager manager = new LinkManager(events);          // the code under test takes an EventRecorder
 * manager.portDown("eth1");
 * assertThat(events.events()).extracting(Event::type, Event::message).containsExactly(tuple("LINK_DOWN", "port eth1 down"));
 * events.willBackUp("proxy unavailable");                 // or willReject("..."), willAcknowledge()
 * }</pre>
 * Thread-safe.
 */
public final class FakeEventRecorder implements EventRecorder {

    private final EventFactory factory;
    private final List<Event> events = new ArrayList<>();
    private Outcome outcome = Outcome.ACKNOWLEDGED;
    private String detail = "";
    private boolean backlog;
    private boolean closed;

    /** A fake recorder for {@code source} taking {@code eventTypes}; events are timed by the system clock. */
    public FakeEventRecorder(EventSource source, List<String> eventTypes) {
        this(source, eventTypes, Clock.systemUTC());
    }

    /** The same, timing events by {@code clock} (a fixed clock makes every field predictable but the uuid). */
    public FakeEventRecorder(EventSource source, List<String> eventTypes, Clock clock) {
        this.factory = new EventFactory(source, eventTypes, clock);
    }

    /**
     * Checks and keeps the event, and answers with the chosen outcome.
     *
     * @throws InvalidEventException as the real recorder does: a type not in the list, a null severity, a blank message
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public synchronized Recorded event(String type, Severity severity, String message, ObjectRef ref) {
        if (closed) {
            throw factory.closed();
        }
        Event event = factory.create(type, severity, message, ref);
        events.add(event);
        if (outcome == Outcome.BACKED_UP) {
            backlog = true;
        }
        return new Recorded(outcome, event.uuid(), detail);
    }

    /** From now on every event is acknowledged (the default), and any backlog counts as delivered. */
    public synchronized FakeEventRecorder willAcknowledge() {
        outcome = Outcome.ACKNOWLEDGED;
        detail = "";
        backlog = false;
        return this;
    }

    /** From now on every event is backed up, with {@code why} as its detail; {@link #hasBacklog()} then says so. */
    public synchronized FakeEventRecorder willBackUp(String why) {
        outcome = Outcome.BACKED_UP;
        detail = Objects.requireNonNull(why, "why");
        return this;
    }

    /** From now on every event is rejected, with {@code reason} as the proxy's words. */
    public synchronized FakeEventRecorder willReject(String reason) {
        outcome = Outcome.REJECTED;
        detail = Objects.requireNonNull(reason, "reason");
        return this;
    }

    /** Every event taken so far, whatever its outcome, in the order recorded. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The events of one type, in the order recorded. */
    public synchronized List<Event> events(String type) {
        return events.stream().filter(event -> event.type().equals(type)).toList();
    }

    /** Forgets the events taken so far (the outcome chosen stays). */
    public synchronized void clear() {
        events.clear();
    }

    /** Whether {@link #close()} was called: a service should close its recorder when it stops. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** True once an event was backed up, until {@link #willAcknowledge()} (as if the proxy came back). */
    @Override
    public synchronized boolean hasBacklog() {
        return backlog;
    }

    /** Always 0: the fake keeps everything. */
    @Override
    public long droppedEvents() {
        return 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
