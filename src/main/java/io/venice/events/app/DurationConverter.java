package io.venice.events.app;

import java.time.Duration;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A command-line option's duration, read as the configuration's ({@link Units#duration}): 500ms, 10s, 10m, 24h; never a bare number. */
final class DurationConverter implements ITypeConverter<Duration> {

    /** @throws IllegalArgumentException naming the value, for text that is not a positive duration with its unit */
    static Duration parse(String value) {
        return Units.duration(value);
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
