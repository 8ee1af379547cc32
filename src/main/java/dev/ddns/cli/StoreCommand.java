package dev.ddns.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that works on a zone store: the store options and the output streams. */
abstract class StoreCommand implements Callable<Integer>, StoreOptions.User {
  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
