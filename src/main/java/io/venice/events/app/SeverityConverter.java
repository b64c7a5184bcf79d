package io.venice.events.app;

import io.venice.events.model.Severity;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --severity}: info, warn, critical or debug, any letter case. */
final class SeverityConverter implements ITypeConverter<Severity> {

    @Override
    public Severity convert(String value) {
        return Severity.parse(value).orElseThrow(() ->
                new TypeConversionException("'" + value + "' is not a severity (expected one of info, warn, critical, debug)"));
    }
}
