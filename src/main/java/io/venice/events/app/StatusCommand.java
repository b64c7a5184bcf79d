package io.venice.events.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;
import io.venice.events.text.LogText;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code status}: asks a running runner's management server ({@code GET /status}) how its writers are doing and
 * prints one line per writer. A writer is <b>stuck</b> when it has events behind and has been behind for
 * {@code --stuck-after} without its offset moving (whether it is retrying a destination that is down, or its
 * destination hangs): the exit status is then 1.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print each writer of the running runner: state, lag, oldest undelivered event, last error. "
                + "Exit 0 when all is well; 1 when a writer is stuck (events behind and no progress for --stuck-after) "
                + "or stopped; 2 for a usage or configuration error; 3 when no runner answers.")
final class StatusCommand implements Callable<Integer> {

    static final int STUCK = 1;
    static final int NO_RUNNER = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "DIR",
            description = "Configuration folder, as for run: its management.host and management.port say where to ask "
                    + "(default: ./config, else the defaults in the jar).")
    Path configDir;

    @Option(names = "--url", paramLabel = "URL",
            description = "The management server to ask instead, e.g. http://127.0.0.1:9013.")
    String url;

    @Option(names = "--stuck-after", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "A writer with events behind whose offset has not moved for this long is stuck "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration stuckAfter;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Longest wait for the runner's answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        URI status = statusUri();
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(status).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return noRunner(status, "connection refused");
        } catch (HttpTimeoutException e) {
            return noRunner(status, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return noRunner(status, e.toString());
        }
        JsonNode answer;
        try {
            answer = response.statusCode() == 200 ? EventJson.read(response.body(), JsonNode.class) : null;
        } catch (RuntimeException e) {
            answer = null;
        }
        if (answer == null || !answer.path("writers").isArray()) {
            spec.commandLine().getErr().println("venice-events: " + status + " answered " + response.statusCode()
                    + " without a venice-events status (" + LogText.of(response.body(), 100)
                    + "): is this a venice-events management port?");
            return NO_RUNNER;
        }
        return print(answer, spec.commandLine().getOut());
    }

    /** Prints a line per writer and the store's; the exit status. */
    int print(JsonNode answer, PrintWriter out) {
        int exit = 0;
        for (JsonNode writer : answer.path("writers")) {
            String state = writer.path("state").asText();
            long events = writer.path("events-behind").asLong();
            if (("up".equals(state) || "retrying".equals(state)) && events > 0
                    && writer.path("stalled-seconds").asDouble() * 1000 >= stuckAfter.toMillis()) {
                state = "stuck";
            }
            if ("stuck".equals(state) || "stopped".equals(state)) {
                exit = STUCK;
            }
            List<String> parts = new ArrayList<>();
            if (writer.has("events-behind")) {
                parts.add(String.format("lag %d events (%d bytes), oldest %s", events,
                        writer.path("bytes-behind").asLong(), seconds(writer.path("oldest-seconds").asDouble())));
            }
            long deadLetters = writer.path("dead-letters").asLong();
            if (deadLetters > 0) {
                parts.add(deadLetters + " dead letters");
            } else if (deadLetters < 0) {
                parts.add("dead letters cannot be counted (their folder cannot be listed)");
            }
            if (writer.hasNonNull("retrying-since")) {
                parts.add("retrying since " + LogText.of(writer.path("retrying-since").asText(), 40));
            }
            if (writer.hasNonNull("last-error")) {
                parts.add("last error: " + LogText.of(writer.path("last-error").asText(), SafeErrorText.MAX_CHARS));
            }
            String line = String.format("%-16s %-9s %s", LogText.of(writer.path("name").asText(), 64), state,
                    String.join(", ", parts)).stripTrailing();
            out.println(line);
        }
        JsonNode store = answer.path("store");
        out.printf("store: %d of %d bytes (store.max-bytes), %d proxy connections%n", store.path("bytes").asLong(),
                store.path("max-bytes").asLong(), answer.path("proxy-connections").asLong());
        out.flush();
        return exit;
    }

    private static String seconds(double seconds) {
        return seconds < 10 ? String.format("%.1fs", seconds) : String.format("%ds", (long) seconds);
    }

    private int noRunner(URI status, String why) {
        spec.commandLine().getErr().println("venice-events: no runner answers at " + status + " (" + why
                + "): is it running, with management.enabled=true, and is this its management port?");
        return NO_RUNNER;
    }

    /** {@code --url}'s /status, else that of management.host and management.port in the configuration. */
    private URI statusUri() throws Exception {
        if (url != null) {
            URI base;
            try {
                base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--url '" + url + "' is not a URL (e.g. http://127.0.0.1:9013)");
            }
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
                throw new IllegalArgumentException("--url '" + url + "' is not an http(s) URL with a host (e.g. "
                        + "http://127.0.0.1:9013)");
            }
            return URI.create(base + StatusEndpoint.PATH);
        }
        ConfigLocation location = ConfigLocation.resolve(configDir, null);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation(location.propertiesLocations());
            camel.start();
            PipelineConfig config = PipelineConfig.from(camel.getPropertiesComponent()::resolveProperty);
            if (!config.managementEnabled()) {
                throw new ConfigException(List.of("management.enabled is false: the runner serves no "
                        + StatusEndpoint.PATH + " (set it to true, or give --url)"));
            }
            String host = config.managementHost();
            if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
                host = "127.0.0.1"; // listening everywhere: ask it here
            }
            return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + config.managementPort()
                    + StatusEndpoint.PATH);
        }
    }
}
