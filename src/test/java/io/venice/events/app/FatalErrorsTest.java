package io.venice.events.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.venice.events.testing.LogCapture;
import io.venice.events.testing.OutOfDirectMemory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What ends the process and what does not; the halt is a stand-in that records the exit status. */
class FatalErrorsTest {

    final List<Integer> halts = new CopyOnWriteArrayList<>();
    final FatalErrors fatalErrors = new FatalErrors(halts::add);

    @Test
    void haltsWithStatus3AndOneErrorLineOnAnOutOfMemoryError() {
        try (LogCapture log = LogCapture.start()) {
            fatalErrors.haltIfFatal(new OutOfMemoryError("Java heap space"));

            assertThat(halts).containsExactly(3);
            assertThat(log.lines()).filteredOn(line -> line.startsWith("ERROR")).singleElement().asString()
                    .startsWith("ERROR fatal error in thread ")
                    .endsWith("halting with exit status 3 (a supervisor should restart the runner): "
                            + "java.lang.OutOfMemoryError: Java heap space");
        }
    }

    @Test
    void haltsOnNettysOutOfDirectMemoryErrorAnyOtherErrorAndOneHiddenAsACause() {
        fatalErrors.haltIfFatal(OutOfDirectMemory.error());
        fatalErrors.haltIfFatal(new StackOverflowError());
        fatalErrors.haltIfFatal(new NoClassDefFoundError("io/venice/events/model/Event"));
        fatalErrors.haltIfFatal(new AssertionError("a broken invariant"));
        fatalErrors.haltIfFatal(new IllegalStateException("wrapped", new RuntimeException(new InternalError("boom"))));

        assertThat(halts).containsExactly(3, 3, 3, 3, 3);
    }

    @Test
    void goesOnAfterAnException() {
        RuntimeException loop = new RuntimeException("cause of itself");
        loop.initCause(new IllegalArgumentException(loop.getMessage()));

        assertThat(fatalErrors.haltIfFatal("a test", new java.io.IOException("Connection reset by peer"))).isFalse();
        assertThat(fatalErrors.haltIfFatal("a test", new IllegalArgumentException("bad value"))).isFalse();
        assertThat(fatalErrors.haltIfFatal("a test", loop)).isFalse();
        assertThat(halts).isEmpty();
    }

    @Test
    void theUncaughtHandlerHaltsOnAFatalErrorAndLeavesTheRestToTheHandlerBefore() {
        List<Throwable> before = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler handler = fatalErrors.uncaughtHandler((thread, error) -> before.add(error));
        IllegalStateException ordinary = new IllegalStateException("ordinary");

        handler.uncaughtException(Thread.currentThread(), new OutOfMemoryError("unable to create native thread"));
        handler.uncaughtException(Thread.currentThread(), ordinary);

        assertThat(halts).containsExactly(3);
        assertThat(before).containsExactly(ordinary);
    }

    @Test
    void installsItselfAsTheDefaultUncaughtHandler() {
        Thread.UncaughtExceptionHandler original = Thread.getDefaultUncaughtExceptionHandler();
        try {
            fatalErrors.installUncaughtHandler();
            Thread.getDefaultUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), new OutOfMemoryError());

            assertThat(halts).containsExactly(3);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(original);
        }
    }
}
