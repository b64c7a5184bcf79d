package io.venice.events.policies;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The bearer token the management API's changing calls need ({@code management.auth-token}, or the content of
 * {@code management.auth-token-file}); none configured: those calls are refused. Never logged nor shown:
 * {@link #toString()} hides it.
 */
public final class ApiToken {

    /** What a refused call is told, and its HTTP status. */
    public record Refusal(int status, String message) {
    }

    private final byte[] token;

    /** @param token the token; null or blank for none */
    public ApiToken(String token) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    public boolean configured() {
        return token != null;
    }

    /** Empty when {@code authorization} (the request's header) carries the token; else why it is refused. */
    public Optional<Refusal> check(String authorization) {
        if (token == null) {
            return Optional.of(new Refusal(403, "changing calls of the management API are off: no token is configured "
                    + "(set management.auth-token-file, or the environment variable MANAGEMENT_AUTH_TOKEN, and restart)"));
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(new Refusal(401, "this call needs the header Authorization: Bearer <management.auth-token>"));
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            return Optional.of(new Refusal(401, "the bearer token is not management.auth-token"));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return token == null ? "ApiToken[none]" : "ApiToken[set]";
    }
}
