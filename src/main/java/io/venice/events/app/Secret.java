package io.venice.events.app;

/**
 * A credential read from a file or an environment variable. Its {@link #toString()} never shows it, so a secret
 * that ends up in a log line, an exception or a bean dump shows as {@code (secret)}; only {@link #reveal()}
 * gives the value, where it is sent.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "(secret)";
    }
}
