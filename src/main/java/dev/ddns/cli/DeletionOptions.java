package dev.ddns.cli;

import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/**
 * {@code --yes} and {@code --without-recovery} of {@code ddns key delete} and
 * {@code ddns token delete}, and the deletion they govern: asked on the terminal unless
 * {@code --yes}, said on stdout.
 */
final class DeletionOptions {
  @Option(names = {"--yes", "-y"}, description = "Do not ask.")
  boolean yes;

  @Option(names = "--without-recovery",
      description = "Secrets Manager: delete at once instead of after its 7-day recovery "
          + "window (during which the name cannot be created again).")
  boolean withoutRecovery;

  /**
   * Deletes {@code what} (e.g. {@code key acme.example.com.}) from the vault {@code where}
   * describes, once confirmed; {@code delete} is false when there was none, which fails.
   *
   * @return the exit code: 0 deleted, 1 kept
   */
  int delete(String what, String where, BooleanSupplier delete, PrintWriter out) {
    if (!yes && !Terminal.confirmDeletion("Delete " + what + "? [y/N] ", what)) {
      out.println(what + " kept");
      return 1;
    }
    if (!delete.getAsBoolean()) {
      throw new CliException("no " + what + " in " + where);
    }
    out.println("deleted " + what + " from " + where);
    return 0;
  }
}
