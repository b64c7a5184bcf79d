package io.venice.events.app;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code java -jar venice-events.jar <command>}: the runner and the tools, one jar. */
@Command(name = "venice-events", mixinStandardHelpOptions = true, version = "venice-events 0.1.0",
        description = "Typed events, deduplicated and delivered to Venice, syslog and files.",
        subcommands = {VeniceEvents.Run.class, RecordCommand.class, LoadCommand.class,
                ReplayDeadLettersCommand.class, ValidateCommand.class, StatusCommand.class})
public final class VeniceEvents implements Callable<Integer> {

    public static void main(String[] args) {
        try {
            LogFormat.apply(); // before anything logs: log4j2 reads it once
        } catch (ConfigException e) {
            System.err.println("venice-events: " + e.getMessage());
            System.exit(2);
        }
        if (args.length == 0 || !"run".equals(args[0])) {
            // the tools print their own results; Camel's start-up lines would bury them
            System.setProperty("venice.log.level", "WARN");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new VeniceEvents())
                // the problem, picocli's "did you mean" when it has one, and one line pointing to --help (not
                // 30 lines of usage burying the error)
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    cmd.getErr().println("venice-events: " + e.getMessage());
                    CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
                    if (java.util.Arrays.stream(args).anyMatch(arg -> arg.startsWith("-D"))) {
                        cmd.getErr().println("A -Dkey=value is a JVM option: put it before -jar (java -Dkey=value -jar "
                                + "venice-events.jar ...), or set the key's environment variable.");
                    }
                    cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
                    return cmd.getCommandSpec().exitCodeOnInvalidInput();
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("venice-events: " + e.getMessage());
                    return 2;
                });
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return 2;
    }

    /** Starts the pipeline and runs until stopped. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the pipeline: proxy, dispatcher and writers, until Ctrl-C or SIGTERM.")
    static final class Run implements Callable<Integer> {

        @Mixin
        LocationOptions locations;

        @Override
        public Integer call() throws Exception {
            return new PipelineRunner(locations.resolve(), Map.of(), Clock.systemUTC()).run();
        }
    }
}
