package io.venice.events.policies;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A small JSON state file under {@code data.dir} (the policies created over the API, the maintenance mode),
 * written whole each time: a temporary file beside it, then an atomic rename, so a crash leaves the old or the
 * new content, never a mix.
 */
public final class PolicyFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public PolicyFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The file's JSON; null when there is no file. */
    public JsonNode read() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return JSON.readTree(file.toFile());
    }

    public void write(Object content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, JSON.writeValueAsString(content) + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code {"policies": [...]}} of the policies' JSON without their origin. */
    static Map<String, Object> policies(List<EventPolicy> policies) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("policies", policies.stream().map(policy -> {
            Map<String, Object> json = policy.toJson();
            json.remove("origin");
            return json;
        }).toList());
        return content;
    }
}
