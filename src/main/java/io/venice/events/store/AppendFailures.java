package io.venice.events.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of appends the disk refused (full, or an I/O error), once per episode rather than once per append: the
 * first refusal is an ERROR with its cause; the first append that succeeds after it is a WARN saying how many
 * appends (and lines) were refused meanwhile. Thread-safe.
 */
final class AppendFailures {

    private static final Logger LOG = LoggerFactory.getLogger(AppendFailures.class);

    private final String where;
    private volatile long refusedAppends;
    private long refusedLines;
    private String firstCause;

    AppendFailures(String where) {
        this.where = where;
    }

    /** An append of {@code lines} lines was refused; nothing of it is left in the file (cut back to {@code keptTo}). */
    synchronized void refused(int lines, long keptTo, Exception cause) {
        if (refusedAppends == 0) {
            firstCause = cause.toString();
            LOG.error("Event store: cannot append to {} ({}); appends are refused (the senders are told to retry) until "
                    + "it can, nothing of them is kept (the store ends at offset {}); one line follows when appends work "
                    + "again", where, firstCause, keptTo);
        }
        refusedAppends++;
        refusedLines += lines;
    }

    /** An append succeeded: ends an episode of refusals, if there was one. */
    void succeeded() {
        if (refusedAppends == 0) {
            return; // read without the lock: one write to a long per episode, seen at the next append at worst
        }
        synchronized (this) {
            if (refusedAppends == 0) {
                return;
            }
            LOG.warn("Event store: appending to {} again; {} appends ({} lines) were refused meanwhile (first cause: {})",
                    where, refusedAppends, refusedLines, firstCause);
            refusedAppends = 0;
            refusedLines = 0;
        }
    }

    /** Appends refused in the current episode (0 when appends work). */
    synchronized long refusedAppends() {
        return refusedAppends;
    }
}
