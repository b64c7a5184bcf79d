package io.venice.events.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** CPU time of a group of threads of this JVM (e.g. one receiver's), including threads that have ended. */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<Thread> live = new CopyOnWriteArrayList<>();
    private final AtomicLong endedNanos = new AtomicLong();

    /** Counts a thread from now on (its CPU time since it started, in fact). */
    void add(Thread thread) {
        live.add(thread);
    }

    /** Called by a counted thread as it ends, so its CPU time is kept. */
    void ending() {
        Thread me = Thread.currentThread();
        if (live.remove(me)) {
            endedNanos.addAndGet(THREADS.getCurrentThreadCpuTime());
        }
    }

    /** CPU seconds of the counted threads so far. */
    double seconds() {
        long nanos = endedNanos.get();
        for (Thread thread : live) {
            long t = THREADS.getThreadCpuTime(thread.getId());
            if (t > 0) {
                nanos += t;
            }
        }
        return nanos / 1e9;
    }
}
