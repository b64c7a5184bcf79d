package io.venice.events.app;

import java.time.Duration;

import org.apache.camel.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration the one way the project does, in the configuration and on the command line: 500ms, 10s, 10m, 24h. */
final class DurationConverter implements ITypeConverter<Duration> {

    /** @throws IllegalArgumentException naming the value, for text that is not a positive duration */
    static Duration parse(String value) {
        long millis;
        try {
            millis = TimeUtils.toMilliSeconds(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (e.g. 500ms, 10s, 10m, 24h)");
        }
        if (millis <= 0) {
            throw new IllegalArgumentException("'" + value + "' must be more than zero");
        }
        return Duration.ofMillis(millis);
    }

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
