package dev.ddns.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ddns} command line. */
@Command(
    name = "ddns",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "RFC 2136 dynamic DNS updates, serverless on AWS.",
    subcommands = {LocalCommand.class, RelayCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Run 'ddns COMMAND --help' for a command's options."})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; {@code execute} runs it and returns the exit code. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .registerConverter(java.time.Duration.class, new DurationConverter());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar manifest, or a development marker when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ddns " + (version == null ? "(development build)" : version)
          + ", Java " + System.getProperty("java.version")};
    }
  }
}
