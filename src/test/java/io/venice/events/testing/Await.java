package io.venice.events.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes, for outcomes no Camel notifier can see (files,
 * peers, child processes): the tests never sleep a fixed time for a result.
 */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Waits until {@code condition} is true; fails the test when {@code timeout} passes first. */
    public static void until(Duration timeout, Callable<Boolean> condition) {
        until(timeout, condition, () -> "");
    }

    /**
     * Waits until {@code condition} is true; when {@code timeout} passes first, fails the test with
     * {@code whatWasExpected} (computed then, so it can show the state at the deadline).
     */
    public static void until(Duration timeout, Callable<Boolean> condition, Supplier<String> whatWasExpected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() - deadline > 0) {
                String expected = whatWasExpected == null ? "" : whatWasExpected.get();
                throw new AssertionError("condition not met within " + timeout.toMillis() + " ms"
                        + (expected.isEmpty() ? "" : ": " + expected));
            }
            pause();
        }
    }

    /** One polling interval, for loops that check more than a condition. */
    static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    private static boolean holds(Callable<Boolean> condition) {
        try {
            return Boolean.TRUE.equals(condition.call());
        } catch (Exception e) {
            throw new AssertionError("condition failed: " + e, e);
        }
    }
}
