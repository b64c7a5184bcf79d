package io.venice.events.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file's settings, per section, each key with its values in order (a key may repeat). */
public final class UnitFile {

    private final Map<String, Map<String, List<String>>> sections;

    private UnitFile(Map<String, Map<String, List<String>>> sections) {
        this.sections = sections;
    }

    public static UnitFile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        String section = null;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                section = trimmed.substring(1, trimmed.length() - 1);
                sections.putIfAbsent(section, new LinkedHashMap<>());
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (section == null || equals < 0) {
                throw new IllegalArgumentException(file + ": not a setting: " + line);
            }
            sections.get(section).computeIfAbsent(trimmed.substring(0, equals).strip(), k -> new ArrayList<>())
                    .add(trimmed.substring(equals + 1).strip());
        }
        return new UnitFile(sections);
    }

    /** Every value of {@code key} in {@code section}, in order (empty when it is not set). */
    public List<String> values(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The value in force: the last one set ({@code null} when it is not set). */
    public String value(String section, String key) {
        List<String> values = values(section, key);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
