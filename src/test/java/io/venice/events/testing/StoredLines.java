package io.venice.events.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.venice.events.json.EventJson;
import io.venice.events.store.LineChecksum;
import io.venice.events.store.StoredEvent;

/** What an event store folder holds: every line of its segment files, oldest first, read as the store wrote them. */
public final class StoredLines {

    private StoredLines() {
    }

    /** Every retained line of the event store in {@code storeDir}. */
    public static List<StoredEvent> in(Path storeDir) {
        if (!Files.isDirectory(storeDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(storeDir)) {
            List<StoredEvent> lines = new ArrayList<>();
            for (Path segment : files.filter(f -> f.getFileName().toString().matches("segment-\\d{20}\\.jsonl"))
                    .sorted().toList()) {
                List<String> read;
                try {
                    read = Files.readAllLines(segment);
                } catch (java.nio.file.NoSuchFileException deleted) {
                    continue; // deleted since the listing: every reader had passed it, so it is retained no more
                }
                for (String line : read) {
                    lines.add(EventJson.read(json(line), StoredEvent.class));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON of a stored line: without its checksum (README, "Event store"), checked. */
    public static String json(String line) {
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        LineChecksum.Verdict verdict = LineChecksum.verify(bytes, 0, bytes.length);
        if (verdict == LineChecksum.Verdict.DAMAGED) {
            throw new IllegalStateException("a stored line with a wrong checksum: " + line);
        }
        return new String(bytes, 0, LineChecksum.jsonEnd(verdict, bytes.length), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The base offsets of the segment files in {@code storeDir}, oldest first. */
    public static List<Long> segments(Path storeDir) {
        try (Stream<Path> files = Files.list(storeDir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("segment-\\d{20}\\.jsonl"))
                    .map(name -> Long.parseLong(name.substring("segment-".length(), name.length() - ".jsonl".length())))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
