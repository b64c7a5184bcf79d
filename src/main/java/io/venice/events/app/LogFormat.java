package io.venice.events.app;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.venice.events.text.LogText;

/**
 * The log's format, chosen before anything logs: {@code plain} (the default, one line of text per entry) or
 * {@code json} (one JSON object per line, log4j2's JsonTemplateLayout with {@code log-line.json}). Set by the
 * environment variable {@value #ENV} or the system property {@value #PROPERTY}; the environment variable wins,
 * as it does for the configuration's keys. {@code log4j2.properties} reads the resolved value from the system
 * property. Not a configuration key: it is outside the venice-events namespaces, and the tools read it too.
 */
final class LogFormat {

    static final String PROPERTY = "venice.log.format";
    static final String ENV = "VENICE_LOG_FORMAT";
    static final List<String> FORMATS = List.of("plain", "json");

    private LogFormat() {
    }

    /** The format to use; a {@link ConfigException} naming the variable or property when it is neither. */
    static String resolve(Map<String, String> environment, Properties system) {
        String fromEnv = environment.get(ENV);
        String source = fromEnv != null ? ENV : PROPERTY;
        String value = fromEnv != null ? fromEnv : system.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return FORMATS.get(0);
        }
        String format = value.trim();
        if (!FORMATS.contains(format)) {
            throw new ConfigException(List.of(source + ": '" + LogText.of(format, 64) + "' is not one of "
                    + String.join(", ", FORMATS)));
        }
        return format;
    }

    /** Resolves the format of this process and sets {@value #PROPERTY} to it for log4j2. */
    static void apply() {
        System.setProperty(PROPERTY, resolve(System.getenv(), System.getProperties()));
    }
}
