package example;

import java.nio.file.Path;
import java.util.List;

import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.EventRecorder;
import io.venice.events.recorder.Recorded;

/**
 * Records one event with the proxy at args[0] and the backup in args[1]; prints the outcome and the uuid. With
 * args[2] (seconds), it lives on as a service does, at most that long, until its backlog is delivered.
 */
public final class RecordOne {

    public static void main(String[] args) {
        try (EventRecorder recorder = EventRecorder.builder(new EventSource("linkmgr", "leaf1"),
                        List.of("LINK_UP", "LINK_DOWN"), args[0])
                .backupDir(Path.of(args[1]))
                .build()) { // the default send timeout, 100 ms
            Recorded recorded = recorder.event("LINK_DOWN", Severity.WARN, "port eth1 down", ObjectRef.of("Port", "eth1"));
            System.out.println(recorded.outcome() + " " + recorded.uuid());
            long until = System.nanoTime() + (args.length > 2 ? Long.parseLong(args[2]) : 0) * 1_000_000_000L;
            while (recorder.hasBacklog() && System.nanoTime() < until) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println(recorder.hasBacklog() ? "BACKLOG LEFT" : "NO BACKLOG");
        }
    }
}
