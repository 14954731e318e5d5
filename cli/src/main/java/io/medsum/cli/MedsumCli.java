package io.medsum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./medsum} launcher's commands. */
@Command(
        name = "medsum",
        mixinStandardHelpOptions = true,
        versionProvider = MedsumCli.Version.class,
        description = "Asynchronous summarization of medical reports with Amazon Bedrock.",
        subcommands = {
            LocalCommand.class,
            SubmitCommand.class,
            UploadCommand.class,
            StatusCommand.class,
            ListCommand.class,
            ReviewCommand.class,
            DlqCommand.class,
            WebhooksCommand.class,
            AuditCommand.class,
            EventsCommand.class,
            FaultsCommand.class,
            KeysCommand.class,
            ChaosCommand.class,
            BenchElsewhere.class,
            CommandLine.HelpCommand.class
        })
public final class MedsumCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new MedsumCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                // Users get the reason, not a stack trace; --verbose style debugging is what logs are for.
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    commandLine.getErr().println("medsum " + commandLine.getCommandName() + ": " + error.getMessage());
                    return 1;
                });
    }

    /** Also the bench jar's: both report the build they came from. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MedsumCli.class.getPackage().getImplementationVersion();
            return new String[] {"medsum " + (version == null ? "dev" : version)};
        }
    }
}
