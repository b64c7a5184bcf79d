package io.venice.events.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest code of a JFR recording: of its {@code jdk.ExecutionSample} events (Java code on CPU), the methods
 * on top of the stack most often (self time) and the methods anywhere on the stack most often (total time).
 * {@code java -cp venice-events-bench.jar io.venice.events.bench.JfrTopFrames FILE.jfr [N]}.
 */
public final class JfrTopFrames {

    /** Sample counts, and the top methods as lines "  12.3%  method". */
    public record Top(long samples, List<String> self, List<String> total, List<String> threads) {
    }

    private JfrTopFrames() {
    }

    public static Top read(Path recording, int n) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = name(frame);
                    if (seen.add(method)) {
                        total.merge(method, 1L, Long::sum);
                    }
                }
                String thread = event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
            }
        }
        return new Top(samples, top(self, samples, n), top(total, samples, n), top(threads, samples, n));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static List<String> top(Map<String, Long> counts, long samples, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .map(e -> String.format(Locale.ROOT, "%5.1f%%  %s", 100.0 * e.getValue() / samples, e.getKey()))
                .collect(Collectors.toList());
    }

    public static void main(String[] args) throws IOException {
        Top top = read(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25);
        System.out.println(top.samples() + " execution samples\n\nself (top of stack):");
        top.self().forEach(System.out::println);
        System.out.println("\ntotal (anywhere on the stack):");
        top.total().forEach(System.out::println);
        System.out.println("\nthreads:");
        top.threads().forEach(System.out::println);
    }
}
