package io.venice.events.app;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process on an error after which it cannot be trusted to go on: any {@link Error} (an
 * {@link OutOfMemoryError}, Netty's {@code OutOfDirectMemoryError} included, a {@link StackOverflowError}, a
 * {@link LinkageError} from a broken class path, an {@link AssertionError}), in any thread. It writes
 * one ERROR line and calls {@code Runtime.halt(3)}: no shutdown hooks, which would need the memory and threads
 * the process may not have; a supervisor restarts the runner, and every acknowledged event is in the store.
 * Without it, a thread that dies of it (or a connection Netty closes because of it) leaves a process that
 * no longer serves while {@code /health} says UP.
 * <p>
 * It sees such an error where it surfaces: uncaught in a thread ({@link #installUncaughtHandler()}, at runner
 * start), in the proxy's Netty pipeline, where Netty catches everything ({@code FatalErrorHook} calls
 * {@link #haltIfFatal(String, Throwable)}), and as the failure of an exchange ({@link FatalExchangeErrors}):
 * Camel makes an error thrown by a bean step the exchange's exception, which a writer's error handler would
 * otherwise retry for ever. The JVM's own {@code -XX:+ExitOnOutOfMemoryError} (see the
 * README's run command) also covers an OutOfMemoryError some code catches and hides; it does not cover
 * Netty's, nor {@code Direct buffer memory}, which Java code throws, not the JVM.
 */
public final class FatalErrors {

    /** The exit status of a process halted by a fatal error. */
    public static final int EXIT_STATUS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);
    /** Causes looked through for a fatal one, at most. */
    private static final int MAX_CAUSES = 32;

    private final IntConsumer halt;

    /** Halts the JVM on a fatal error. */
    public FatalErrors() {
        this(status -> Runtime.getRuntime().halt(status));
    }

    /** @param halt what ends the process, given {@link #EXIT_STATUS} (a test's stand-in returns) */
    public FatalErrors(IntConsumer halt) {
        this.halt = halt;
    }

    /** The fatal error ({@link Error}) {@code error} is or was caused by, or null when there is none. */
    public static Error fatalIn(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
            if (t instanceof Error fatal) {
                return fatal;
            }
        }
        return null;
    }

    /** Halts the process when {@code error} is fatal (see {@link #fatalIn}); returns otherwise. */
    public void haltIfFatal(Throwable error) {
        haltIfFatal("thread " + Thread.currentThread().getName(), error);
    }

    /**
     * Halts the process when {@code error} is fatal, with one ERROR line naming {@code where}; returns false
     * otherwise (and true only when the halt returned, as a test's does).
     */
    public boolean haltIfFatal(String where, Throwable error) {
        Error fatal = fatalIn(error);
        if (fatal == null) {
            return false;
        }
        try {
            LOG.error("fatal error in {}, halting with exit status {} (a supervisor should restart the runner): {}",
                    where, EXIT_STATUS, String.valueOf(fatal));
        } catch (Throwable cannotLog) {
            // halting matters more than the line
        }
        halt.accept(EXIT_STATUS);
        return true;
    }

    /**
     * Makes the JVM's default uncaught-exception handler halt on a fatal error; any other error goes to the
     * handler there was, or is printed as the JVM would.
     */
    public void installUncaughtHandler() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(uncaughtHandler(previous));
    }

    /** The handler {@link #installUncaughtHandler()} installs, passing what is not fatal to {@code previous}. */
    Thread.UncaughtExceptionHandler uncaughtHandler(Thread.UncaughtExceptionHandler previous) {
        return (thread, error) -> {
            if (haltIfFatal("thread " + thread.getName(), error)) {
                return;
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace(System.err);
            }
        };
    }
}
