package dev.ddns.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ddns} command line. */
@Command(
    name = "ddns",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "RFC 2136 dynamic DNS updates, serverless on AWS.",
    subcommands = {LocalCommand.class, RelayCommand.class, ZoneCommand.class,
        HistoryCommand.class, StatusCommand.class, KeyCommand.class, TokenCommand.class,
        PolicyCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Run 'ddns COMMAND --help' for a command's options."})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommandLine commandLine = commandLine();
    int exitCode = commandLine.execute(args);
    // picocli's writers flush on println only: what a command print()s (the BIND key file of
    // key create and rotate) would be lost at exit when the output is a file or a pipe.
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(exitCode);
  }

  /** The configured command line; {@code execute} runs it and returns the exit code. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .registerConverter(java.time.Duration.class, new DurationConverter())
        .registerConverter(dev.ddns.core.model.SerialPolicy.class, Main::serialPolicy)
        .setExecutionExceptionHandler(Main::failed);
  }

  private static dev.ddns.core.model.SerialPolicy serialPolicy(String text) {
    try {
      return dev.ddns.core.model.SerialPolicy.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a serial policy; use increment, unixtime or date");
    }
  }

  /**
   * A command failed: one line on stderr naming the command and why, exit code 1; never a stack
   * trace (set DDNS_DEBUG=1 to get one).
   */
  private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    StoreOptions where = command.getCommand() instanceof StoreOptions.User user
        ? user.storeOptions() : null;
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": "
        + Failures.describe(e, where));
    if (System.getenv("DDNS_DEBUG") != null) {
      e.printStackTrace(command.getErr());
    }
    command.getErr().flush();
    return 1;
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
