package io.venice.events.recorder;

import java.time.Duration;

import org.apache.camel.builder.RouteBuilder;

/** The recorder's one route: a timer that works through the backlog whenever there is one. */
final class ReplayRoute extends RouteBuilder {

    private final String routeId;
    private final Duration interval;
    private final ProxyEventRecorder recorder;

    ReplayRoute(String routeId, Duration interval, ProxyEventRecorder recorder) {
        this.routeId = routeId;
        this.interval = interval;
        this.recorder = recorder;
    }

    @Override
    public void configure() {
        // Backlog replay: every replay interval, send what waits in the backup, oldest first, then end the backlog
        from("timer:" + routeId + "?delay=0&period=" + Math.max(1, interval.toMillis()))
                .routeId(routeId)
                .process(exchange -> recorder.replayBacklog());
    }
}
