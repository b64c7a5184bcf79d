package io.venice.events.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.venice.events.model.EventSource;
import io.venice.events.model.ObjectRef;
import io.venice.events.model.Severity;
import io.venice.events.recorder.EventRecorder;
import io.venice.events.recorder.Recorded;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code record}: records one event through the recorder, as a shell script or an operator would. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record one event through the recorder. Exit 0 when the proxy acknowledged it or it is "
                + "safely backed up (the output says which), 1 when the proxy refused it, 2 for bad input.")
final class RecordCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--proxy", defaultValue = "tcp://127.0.0.1:9012",
            description = "Proxy address: tcp://host:port, or tls://host:port for its TLS listener (default: ${DEFAULT-VALUE}).")
    String proxy;

    @Mixin
    RecorderTlsOptions tls;

    @Option(names = "--component", required = true, description = "Source component, e.g. linkmgr.")
    String component;

    @Option(names = "--node", description = "Source node name (default: left to the proxy's events.node-name).")
    String node;

    @Option(names = "--type", required = true, description = "Event type from the catalog, e.g. LINK_DOWN.")
    String type;

    @Option(names = "--severity", required = true, converter = SeverityConverter.class,
            description = "info, warn, critical or debug.")
    Severity severity;

    @Option(names = "--message", required = true, description = "What happened.")
    String message;

    @Option(names = "--object-kind", description = "Kind of the object the event is about, e.g. Port.")
    String objectKind;

    @Option(names = "--object-name", description = "Name of that object, e.g. eth1.")
    String objectName;

    @Option(names = "--backup-dir", description = "Where the event waits if the proxy does not take it "
            + "(default: ~/.venice-events/backup). A later record or load with the same folder replays it.")
    Path backupDir;

    @Option(names = "--timeout", defaultValue = "2s", converter = DurationConverter.class,
            description = "Longest wait for the proxy's acknowledgement (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        EventRecorder.Builder builder = EventRecorder.builder(new EventSource(component, node), List.of(type), proxy)
                .sendTimeout(timeout);
        if (backupDir != null) {
            builder.backupDir(backupDir);
        }
        tls.applyTo(builder);
        ObjectRef ref = objectKind == null && objectName == null ? null : ObjectRef.of(objectKind, objectName);
        try (EventRecorder recorder = builder.build()) {
            Recorded recorded = recorder.event(type, severity, message, ref);
            var out = spec.commandLine().getOut();
            switch (recorded.outcome()) {
                case ACKNOWLEDGED -> out.println("acknowledged " + recorded.uuid());
                case BACKED_UP -> out.println("backed up " + recorded.uuid() + " (" + recorded.detail()
                        + "); it is replayed when the proxy answers");
                case REJECTED -> {
                    spec.commandLine().getErr().println("venice-events: the proxy refused " + recorded.uuid() + ": "
                            + recorded.detail());
                    return 1;
                }
            }
            return 0;
        }
    }
}
