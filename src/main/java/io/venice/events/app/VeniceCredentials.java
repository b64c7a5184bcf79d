package io.venice.events.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How the Venice writer authenticates: a bearer token ({@code writers.venice.token-file} or {@code token-env}),
 * or basic credentials ({@code writers.venice.username} with {@code password-file} or {@code password-env}).
 * Secrets are read once, at start; they are never part of a message, only of the {@code Authorization} header.
 */
public record VeniceCredentials(String username, Secret secret) {

    /** Longest secret file read: a token or a password, not a document. */
    static final int MAX_SECRET_BYTES = 16 * 1024;

    /** The value of the {@code Authorization} header: {@code Bearer <token>} or {@code Basic <base64 user:password>}. */
    public Secret authorization() {
        if (username == null) {
            return new Secret("Bearer " + secret.reveal());
        }
        return new Secret("Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + secret.reveal()).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return username == null ? "bearer token" : "basic credentials of " + username;
    }

    /** The credentials the keys give, null for none; every problem goes to {@code problems}, naming its key. */
    static VeniceCredentials read(Function<String, Optional<String>> lookup,
                                  Function<String, Optional<String>> environment, Consumer<String> problems) {
        String prefix = "writers.venice.";
        Optional<Secret> token = secret(lookup, environment, prefix + "token-file", prefix + "token-env", problems);
        Optional<Secret> password = secret(lookup, environment, prefix + "password-file", prefix + "password-env", problems);
        Optional<String> username = lookup.apply(prefix + "username").map(String::trim).filter(v -> !v.isEmpty());
        boolean tokenSet = set(lookup, prefix + "token-file") || set(lookup, prefix + "token-env");
        boolean passwordSet = set(lookup, prefix + "password-file") || set(lookup, prefix + "password-env");
        if (tokenSet && (username.isPresent() || passwordSet)) {
            problems.accept(prefix + "token-file/token-env and " + prefix + "username/password-*: both set; "
                    + "Venice takes a bearer token or basic credentials, not both");
            return null;
        }
        if (username.isPresent() != passwordSet) {
            problems.accept(username.isPresent()
                    ? prefix + "password-file: missing: " + prefix + "username needs password-file or password-env"
                    : prefix + "username: missing: a password (" + prefix + "password-file/password-env) needs it");
            return null;
        }
        if (username.isPresent() && username.get().contains(":")) {
            problems.accept(prefix + "username: basic credentials cannot have ':' in the user name");
            return null;
        }
        if (token.isPresent()) {
            return new VeniceCredentials(null, token.get());
        }
        return password.map(p -> new VeniceCredentials(username.get(), p)).orElse(null);
    }

    private static boolean set(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).filter(v -> !v.isBlank()).isPresent();
    }

    /** The secret of a {@code *-file} or {@code *-env} key (at most one of them set); problems never show it. */
    private static Optional<Secret> secret(Function<String, Optional<String>> lookup,
                                           Function<String, Optional<String>> environment,
                                           String fileKey, String envKey, Consumer<String> problems) {
        Optional<String> file = lookup.apply(fileKey).map(String::trim).filter(v -> !v.isEmpty());
        Optional<String> variable = lookup.apply(envKey).map(String::trim).filter(v -> !v.isEmpty());
        if (file.isPresent() && variable.isPresent()) {
            problems.accept(fileKey + " and " + envKey + ": both set; give one");
            return Optional.empty();
        }
        String value;
        String key;
        if (file.isPresent()) {
            key = fileKey;
            Path path = Path.of(file.get());
            try {
                if (!Files.isRegularFile(path)) {
                    problems.accept(fileKey + ": " + path + ": no such file");
                    return Optional.empty();
                }
                if (Files.size(path) > MAX_SECRET_BYTES) {
                    problems.accept(fileKey + ": " + path + ": larger than " + MAX_SECRET_BYTES + " bytes: not a secret");
                    return Optional.empty();
                }
                value = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.accept(fileKey + ": " + path + ": cannot be read (" + e.getClass().getSimpleName() + ")");
                return Optional.empty();
            }
        } else if (variable.isPresent()) {
            key = envKey;
            if (!variable.get().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.accept(envKey + ": '" + variable.get() + "' is not the name of an environment variable");
                return Optional.empty();
            }
            Optional<String> fromEnvironment = environment.apply(variable.get());
            if (fromEnvironment.isEmpty()) {
                problems.accept(envKey + ": the environment variable " + variable.get() + " is not set");
                return Optional.empty();
            }
            value = fromEnvironment.get();
        } else {
            return Optional.empty();
        }
        // a file's final line break is not part of the secret (echo adds one)
        value = value.replaceAll("[\r\n]+$", "");
        if (value.isEmpty()) {
            problems.accept(key + ": the secret is empty");
            return Optional.empty();
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            problems.accept(key + ": the secret has characters an HTTP header cannot carry (line breaks, control "
                    + "characters or non-ASCII); the value is not shown");
            return Optional.empty();
        }
        return Optional.of(new Secret(value));
    }
}
