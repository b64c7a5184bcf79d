package io.venice.events.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.venice.events.text.LogText;
import io.venice.events.writers.DeadLetters;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code replay-dead-letters}: sends the batches a destination refused for good once more, after the cause is
 * fixed; or lists them ({@code --list}), or says what it would send where ({@code --dry-run}). It reads the
 * configuration as {@code run} does: {@code --config}, JVM {@code -Dkey=value}, environment variables, every
 * problem reported (a misspelt {@code -Dwriters.venice.url} would otherwise replay to the default URL).
 */
@Command(name = "replay-dead-letters", mixinStandardHelpOptions = true,
        description = "Send the batches in $${data.dir}/dead-letter/<writer>/ again, oldest first; each is deleted once "
                + "accepted. Exit 0 when all were accepted, 1 when some were refused again (they stay), 2 for bad input. "
                + "The configuration is read as run reads it: --config, JVM -Dkey=value, environment variables.")
final class ReplayDeadLettersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--writer", description = "Whose dead letters: venice (the only writer whose can be sent again; "
            + "with --list any writer, default all).")
    String writer;

    @Option(names = "--config", paramLabel = "DIR",
            description = "Configuration folder, as for run (default: ./config, else the defaults in the jar).")
    Path configDir;

    @Option(names = "--list", description = "List the dead letters, one line each (writer, file, events, age, reason); "
            + "send nothing.")
    boolean list;

    @Option(names = "--dry-run", description = "Say what would be sent where; send nothing, delete nothing.")
    boolean dryRun;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (!list && writer == null) {
            throw new IllegalArgumentException("--writer venice is required to send dead letters again (--list shows "
                    + "every writer's)");
        }
        if (!list && !"venice".equals(writer)) {
            throw new IllegalArgumentException("--writer '" + writer + "': only venice dead letters can be sent again "
                    + "(the syslog writer's are events it could not format: read them with --list, in "
                    + "data/dead-letter/syslog/)");
        }
        ConfigLocation location = ConfigLocation.resolve(configDir, null);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation(location.propertiesLocations());
            PipelineConfig config = ConfigurationCheck.configuration(camel, System.getenv().keySet());
            DeadLetters deadLetters = new DeadLetters(config.dataDir().resolve("dead-letter"), clock);
            if (list) {
                return list(deadLetters, config.dataDir().resolve("dead-letter"));
            }
            List<DeadLetters.Letter> letters = deadLetters.list(writer);
            PrintWriter out = spec.commandLine().getOut();
            if (dryRun) {
                for (DeadLetters.Letter letter : letters) {
                    out.println("would send " + letter.file() + " (" + events(letter.events()) + ") to " + config.veniceUrl());
                }
                out.println("dry run: would replay " + letters.size() + " dead letters to " + config.veniceUrl()
                        + "; nothing sent, nothing deleted");
                return 0;
            }
            camel.start();
            return replay(camel, letters, config);
        }
    }

    private int list(DeadLetters deadLetters, Path root) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> writers = writer != null ? List.of(writer) : deadLetters.writers();
        int count = 0;
        for (String name : writers) {
            for (DeadLetters.Letter letter : deadLetters.list(name)) {
                count++;
                out.println(name + "  " + letter.file() + "  " + events(letter.events()) + "  " + age(letter) + "  "
                        + reason(letter));
            }
        }
        if (count == 0) {
            out.println("no dead letters in " + root + (writer == null ? "" : "/" + writer));
        }
        return 0;
    }

    private int replay(CamelContext camel, List<DeadLetters.Letter> letters, PipelineConfig config) throws Exception {
        ProducerTemplate http = camel.createProducerTemplate();
        // the writer's endpoint: the same TLS files, token or credentials and extra headers
        String uri = VeniceEndpoint.create(camel, config, false);
        org.apache.camel.Processor headers = camel.getRegistry()
                .lookupByNameAndType(VeniceEndpoint.HEADERS_BEAN, org.apache.camel.Processor.class);
        int accepted = 0;
        for (DeadLetters.Letter letter : letters) {
            Exchange result = http.request(uri, exchange -> {
                headers.process(exchange);
                exchange.getMessage().setBody(letter.batch());
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            });
            Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            if (result.getException() == null && status != null && status / 100 == 2) {
                Files.delete(letter.file());
                accepted++;
            } else {
                String why = result.getException() != null ? result.getException().getMessage()
                        : "HTTP " + status + ": " + result.getMessage().getBody(String.class);
                spec.commandLine().getErr().println("venice-events: " + letter.file().getFileName()
                        + " refused again (" + why + "); it stays");
            }
        }
        spec.commandLine().getOut().println("replayed " + accepted + " of " + letters.size() + " dead letters to "
                + config.veniceUrl());
        return accepted == letters.size() ? 0 : 1;
    }

    private static String events(int events) {
        return events + (events == 1 ? " event" : " events");
    }

    /** How long ago it failed, in its largest unit: 42s, 5m, 3h, 2d. */
    private String age(DeadLetters.Letter letter) {
        if (letter.failedAt() == null) {
            return "age unknown";
        }
        Duration age = Duration.between(letter.failedAt(), clock.instant());
        String text = age.toDays() > 0 ? age.toDays() + "d" : age.toHours() > 0 ? age.toHours() + "h"
                : age.toMinutes() > 0 ? age.toMinutes() + "m" : Math.max(0, age.toSeconds()) + "s";
        return "failed " + text + " ago";
    }

    private static String reason(DeadLetters.Letter letter) {
        String response = LogText.of(letter.response());
        return letter.status() != 0 ? "HTTP " + letter.status() + (response.isEmpty() ? "" : ": " + response)
                : response.isEmpty() ? "reason unknown" : response;
    }
}
