package io.venice.events.dispatcher;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import io.venice.events.store.StoredEvent;

/**
 * What the dispatcher made of one request's events: the states to append to the event store, in order (this
 * list), which of the request's events were resends of a uuid already taken ({@link #isDuplicate(int)}), and
 * the repeats among the states, for the timed aggregate ({@link #repeats()}).
 */
public final class EventStates extends AbstractList<StoredEvent> {

    private final List<StoredEvent> states = new ArrayList<>();
    private final List<StoredEvent> repeats = new ArrayList<>();
    private final BitSet duplicates = new BitSet();

    void addState(StoredEvent state) {
        states.add(state);
        if (state.held()) {
            repeats.add(state);
        }
    }

    void addDuplicate(int index) {
        duplicates.set(index);
    }

    /** Whether the request's event at {@code index} was a resend, acknowledged without being stored again. */
    public boolean isDuplicate(int index) {
        return duplicates.get(index);
    }

    /** The repeats' states: held until the next flush releases the latest count of each. */
    public List<StoredEvent> repeats() {
        return repeats;
    }

    @Override
    public StoredEvent get(int index) {
        return states.get(index);
    }

    @Override
    public int size() {
        return states.size();
    }
}
