package dev.ddns.testing.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The artifact {@code sam build} makes for a function: template.yaml's functions use
 * {@code BuildMethod: makefile}, so sam build runs {@code make build-LogicalId ARTIFACTS_DIR=DIR}
 * (see the Makefile) and deploys DIR as the function's code, its task root. The jar is built by
 * {@code mvn package} before the interop tests; a make that would run Maven again (the jar older
 * than a source) fails here instead of nesting a build.
 */
public final class SamBuild {
  private SamBuild() {}

  /** Runs the make target of {@code logicalId} into a new folder under {@code parent}. */
  public static Path build(String logicalId, Path parent) {
    try {
      Path artifacts = Files.createDirectories(parent.resolve(logicalId + "-artifacts"));
      List<String> target = target(logicalId, artifacts);
      List<String> dryRun = new ArrayList<>(List.of("make", "-n"));
      dryRun.addAll(target);
      String plan = run(dryRun);
      if (plan.contains("mvn ")) {
        throw new AssertionError("make would build the jar again (a source is newer than "
            + jar() + "); run mvn package first:\n" + plan);
      }
      List<String> build = new ArrayList<>(List.of("make"));
      build.addAll(target);
      run(build);
      return artifacts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar the build made: {@code -Dddns.lambda.jar} (failsafe sets it) or the Makefile's. */
  static Path jar() {
    return Path.of(System.getProperty("ddns.lambda.jar", "target/ddns-lambda.jar"))
        .toAbsolutePath().normalize();
  }

  private static List<String> target(String logicalId, Path artifacts) {
    List<String> args = new ArrayList<>(List.of("build-" + logicalId,
        "ARTIFACTS_DIR=" + artifacts));
    if (!jar().equals(Path.of("target/ddns-lambda.jar").toAbsolutePath().normalize())) {
      args.add("JAR=" + jar());
    }
    return args;
  }

  private static String run(List<String> command) throws IOException {
    Path log = Files.createTempFile("sam-build-", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue()
            + ":\n" + output);
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
