package io.venice.events.app;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code --config} and {@code --routes}, as {@code run} and {@code validate} take them (a picocli mixin). */
final class LocationOptions {

    @Option(names = "--config", paramLabel = "DIR",
            description = "Folder with application.properties and event-types.yaml "
                    + "(default: ./config, else the defaults in the jar).")
    Path configDir;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "Folder with the *.yaml routes (default: routes/ beside the config folder, "
                    + "else ./routes, else the routes in the jar).")
    Path routesDir;

    ConfigLocation resolve() {
        return ConfigLocation.resolve(configDir, routesDir);
    }
}
