package io.venice.events.policies;

import java.util.List;

/** A policy (or a request about one) that cannot be taken, with every problem found in it. */
public final class PolicyProblems extends RuntimeException {

    private final List<String> problems;

    public PolicyProblems(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
