package io.venice.events.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** What the packaging must agree with: the README's run command and the shipped configuration's defaults. */
final class Packaged {

    /** The project's top level (the tests run there: surefire's and failsafe's working directory). */
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    static final Path DOCKERIGNORE = ROOT.resolve(".dockerignore");
    static final Path UNIT = ROOT.resolve("packaging/systemd/venice-events.service");

    private Packaged() {
    }

    /** The JVM options of the README's run command ({@code java <these> -jar target/venice-events.jar run}). */
    static List<String> readmeJvmOptions() {
        String readme = read(ROOT.resolve("README.md"));
        String marker = " -jar target/venice-events.jar run";
        String line = readme.lines().filter(l -> l.contains(marker) && l.contains("java -X")).findFirst()
                .orElseThrow(() -> new AssertionError("the README has no run command 'java -X... -jar target/venice-events.jar run'"));
        String options = line.substring(line.indexOf("java -X") + "java ".length(), line.indexOf(marker));
        return Arrays.asList(options.strip().split("\\s+"));
    }

    /** A default of {@code config/application.properties}. */
    static String configDefault(String key) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("config/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty(key);
        if (value == null) {
            throw new AssertionError("config/application.properties has no " + key);
        }
        return value.strip();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes of a JVM size option's value ({@code 256m}, {@code 1g}, {@code 768M}). */
    static long bytes(String size) {
        String digits = size.replaceAll("[^0-9]", "");
        long unit = switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Long.parseLong(digits) * unit;
    }

    /** The value of a JVM option {@code prefix<value>} among {@code options}. */
    static String option(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + options));
    }
}
