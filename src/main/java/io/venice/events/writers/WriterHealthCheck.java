package io.venice.events.writers;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one writer: DOWN while its destination is unreachable (the last delivery attempt failed and is
 * being retried; for the file writer, its folder cannot be written), UP once an attempt gets through. Not a
 * liveness check: restarting would not bring the destination back, and the other writers go on meanwhile.
 */
public final class WriterHealthCheck extends AbstractHealthCheck {

    private final WriterMonitor monitor;

    public WriterHealthCheck(WriterMonitor monitor) {
        super("venice-events", "writer-" + monitor.writer());
        this.monitor = monitor;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("writer", monitor.writer());
        monitor.unreachable().ifPresentOrElse(down -> {
            builder.down();
            builder.message(("file".equals(monitor.writer()) ? "the file writer has been failing to write since "
                    : "the " + monitor.writer() + " destination has been unreachable since ") + down.since() + "; retrying");
            if (down.lastError() != null) {
                builder.error(down.lastError());
            }
        }, builder::up);
    }
}
