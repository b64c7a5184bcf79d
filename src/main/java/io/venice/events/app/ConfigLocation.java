package io.venice.events.app;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the runner takes its configuration and routes from: a folder given with {@code --config}
 * (routes from its sibling {@code routes/} when it has one), else {@code config/} and {@code routes/}
 * in the working directory, else the defaults embedded in the jar.
 */
public record ConfigLocation(String configBase, String routesPattern) {

    public static final String EMBEDDED_CONFIG = "classpath:config/";
    public static final String EMBEDDED_ROUTES = "classpath:routes/*.yaml";

    public static ConfigLocation resolve(Path configDir, Path routesDir) {
        Path config = configDir != null ? configDir : Path.of("config");
        if (configDir != null && !Files.isRegularFile(config.resolve("application.properties"))) {
            throw new ConfigException(java.util.List.of("--config " + configDir
                    + ": no application.properties in that folder"));
        }
        String configBase = Files.isRegularFile(config.resolve("application.properties"))
                ? "file:" + config.toAbsolutePath().normalize() + "/" : EMBEDDED_CONFIG;
        Path routes = routesDir != null ? routesDir
                : configDir != null ? config.toAbsolutePath().normalize().resolveSibling("routes") : Path.of("routes");
        if (routesDir != null && !Files.isDirectory(routes)) {
            throw new ConfigException(java.util.List.of("--routes " + routesDir + ": not a folder"));
        }
        String routesPattern = Files.isDirectory(routes)
                ? "file:" + routes.toAbsolutePath().normalize() + "/*.yaml" : EMBEDDED_ROUTES;
        return new ConfigLocation(configBase, routesPattern);
    }

    /**
     * The properties files, the first holding a key giving its value: the chosen folder's file, then the
     * defaults embedded in the jar, so a config folder need only set what it changes.
     */
    public String propertiesLocations() {
        String embedded = EMBEDDED_CONFIG + "application.properties";
        String chosen = configBase + "application.properties";
        return chosen.equals(embedded) ? embedded : chosen + "," + embedded;
    }

    /**
     * A file named in the configuration: absolute as given; else in the configuration folder, or, when the
     * folder does not have it, the jar's own copy.
     */
    public String resolveFile(String name) {
        if (name.startsWith("file:") || name.startsWith("classpath:") || Path.of(name).isAbsolute()) {
            return name.startsWith("/") ? "file:" + name : name;
        }
        if (configBase.startsWith("file:") && !Files.exists(Path.of(configBase.substring("file:".length()), name))) {
            return EMBEDDED_CONFIG + name;
        }
        return configBase + name;
    }
}
