package io.venice.events.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or the deadline passes; for outcomes no Camel notifier can see (files, peers). */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    public static void until(Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
