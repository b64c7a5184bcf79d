package io.venice.events.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import io.venice.events.writers.DeadLetters;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replay-dead-letters}: sends the batches a destination refused for good once more, after the cause is fixed. */
@Command(name = "replay-dead-letters", mixinStandardHelpOptions = true,
        description = "Send the batches in $${data.dir}/dead-letter/<writer>/ again, oldest first; each is deleted once "
                + "accepted. Exit 0 when all were accepted, 1 when some were refused again (they stay).")
final class ReplayDeadLettersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--writer", required = true, description = "Whose dead letters: venice.")
    String writer;

    @Option(names = "--config", paramLabel = "DIR",
            description = "Configuration folder, as for run (default: ./config, else the defaults in the jar).")
    Path configDir;

    @Override
    public Integer call() throws Exception {
        if (!"venice".equals(writer)) {
            throw new IllegalArgumentException("--writer '" + writer + "': only venice dead letters can be sent again "
                    + "(the syslog writer's are events it could not format: read them in data/dead-letter/syslog/)");
        }
        ConfigLocation location = ConfigLocation.resolve(configDir, null);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation(location.propertiesLocations());
            camel.start();
            PipelineConfig config = PipelineConfig.from(camel.getPropertiesComponent()::resolveProperty);
            List<DeadLetters.Letter> letters = new DeadLetters(config.dataDir().resolve("dead-letter"), Clock.systemUTC())
                    .list(writer);
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
    }
}
