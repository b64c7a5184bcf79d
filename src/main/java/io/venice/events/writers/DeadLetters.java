package io.venice.events.writers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.events.json.EventJson;
import io.venice.events.model.EventList;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches a destination refused for good, and events a writer could not format, kept under {@code ${data.dir}/dead-letter/<writer>/} as one JSON
 * file each: {@code {"writer","status","response","failed-at","batch"}}, so an operator can read why and
 * send them again ({@code replay-dead-letters}) once the cause is fixed.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final DateTimeFormatter NAME_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

    /**
     * One dead letter: where it is, and the batch to send again; whose it is, the HTTP status (0: none), the
     * answer or error, when it failed (null when the file does not say) and how many events it holds.
     */
    public record Letter(Path file, int status, String batch, String writer, String response, java.time.Instant failedAt,
                         int events) {
    }

    private final Path root;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public DeadLetters(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** Keeps the failed Venice batch (the exchange body) with the HTTP status and response body; logs an ERROR. */
    public void storeVenice(Exchange exchange) throws IOException {
        HttpOperationFailedException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, HttpOperationFailedException.class);
        int status = failure == null ? 0 : failure.getStatusCode();
        String response = failure == null ? "" : String.valueOf(failure.getResponseBody());
        Path file = store("venice", status, response, exchange.getMessage().getBody(String.class));
        LOG.error("Venice refused a batch with HTTP {} ({}); it is kept in {} - fix the cause, then run "
                + "'java -jar venice-events.jar replay-dead-letters --writer venice'", status, abbreviate(response), file);
    }

    /**
     * Keeps the events of the batch {@code writer} could not format ({@link Unwritable#PROPERTY}) as one dead
     * letter (status 0, the first error as the response, the events as an EventList); logs one ERROR line.
     */
    public void storeUnwritable(String writer, Exchange exchange) throws IOException {
        @SuppressWarnings("unchecked")
        List<Unwritable> unwritable = exchange.getProperty(Unwritable.PROPERTY, List.class);
        if (unwritable == null || unwritable.isEmpty()) {
            return;
        }
        String first = unwritable.get(0).error();
        String response = "cannot format: " + first
                + (unwritable.size() > 1 ? " (and " + (unwritable.size() - 1) + " more events)" : "");
        Path file = store(writer, 0, response,
                EventJson.write(EventList.of(unwritable.stream().map(Unwritable::event).toList())));
        LOG.error("the {} writer cannot format {} of a batch of {} events (the first, uuid {}: {}); it sent the others "
                        + "and keeps these in {}", writer, unwritable.size(),
                exchange.getMessage().getHeader(io.venice.events.store.StoreComponent.BATCH_SIZE), unwritable.get(0).event().meta().uuid(),
                abbreviate(first), file);
    }

    Path store(String writer, int status, String response, String batch) throws IOException {
        Path dir = Files.createDirectories(root.resolve(writer));
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("writer", writer);
        letter.put("status", status);
        letter.put("response", response);
        letter.put("failed-at", clock.instant().toString());
        letter.put("batch", EventJson.read(batch, JsonNode.class));
        String name = String.format("%s-%s-%06d.json", writer, NAME_STAMP.format(clock.instant()),
                sequence.incrementAndGet() % 1_000_000);
        Path temporary = dir.resolve(name + ".tmp");
        Files.writeString(temporary, EventJson.write(letter), StandardCharsets.UTF_8);
        return Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The dead letters of one writer, oldest first. */
    public List<Letter> list(String writer) throws IOException {
        Path dir = root.resolve(writer);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().map(DeadLetters::read).toList();
        }
    }

    /** The writers with a dead-letter folder, by name. */
    public List<String> writers() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList();
        }
    }

    private static Letter read(Path file) {
        try {
            JsonNode letter = EventJson.read(Files.readString(file, StandardCharsets.UTF_8), JsonNode.class);
            JsonNode batch = letter.get("batch");
            java.time.Instant failedAt;
            try {
                failedAt = java.time.Instant.parse(letter.path("failed-at").asText());
            } catch (java.time.format.DateTimeParseException e) {
                failedAt = null;
            }
            int events = batch == null ? 0 : batch.path("items").isArray() ? batch.path("items").size() : 1;
            return new Letter(file, letter.path("status").asInt(), EventJson.write(batch), letter.path("writer").asText(),
                    letter.path("response").asText(), failedAt, events);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read dead letter " + file, e);
        }
    }

    private static String abbreviate(String text) {
        return io.venice.events.text.LogText.of(text); // escaped and cut: a response body is outside input
    }
}
