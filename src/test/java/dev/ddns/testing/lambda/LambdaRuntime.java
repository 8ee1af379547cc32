package dev.ddns.testing.lambda;

import dev.ddns.testing.tools.ToolProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One execution environment of a function, as Lambda's managed java21 runtime runs it: the real
 * Runtime Interface Client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda})
 * in a JVM of its own, with the runtime's classpath only (the RIC loads the function from its
 * working directory, the task root, and {@code lib/*.jar} there, in a class loader of its own
 * whose parent holds the runtime: the function's own copies of aws-lambda-java-core lose to the
 * runtime's, as in Lambda), a heap, metaspace and code cache of 85, 10 and 5 % of the function's
 * memory size with the serial collector (the shares Lambda's Java runtimes use), the template's
 * {@code JAVA_TOOL_OPTIONS} (an environment variable the JVM reads), and the environment of
 * {@link LambdaEnvironment} only. Events go through a {@link RuntimeApi} of its own; its standard
 * output and error (the function's CloudWatch log) are kept in a folder next to the task root.
 */
public final class LambdaRuntime implements AutoCloseable {
  /** The Runtime Interface Client's entry point. */
  public static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  /** What a cold start may take on a busy 2-core machine, on top of the function's timeout. */
  private static final Duration START_ALLOWANCE = Duration.ofSeconds(30);
  private static final AtomicInteger STARTED = new AtomicInteger();

  private final FunctionDefinition function;
  private final RuntimeApi api;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final Path classLoads;

  private LambdaRuntime(FunctionDefinition function, RuntimeApi api, Process process,
      Path logs) {
    this.function = function;
    this.api = api;
    this.process = process;
    this.stdout = logs.resolve("stdout.log");
    this.stderr = logs.resolve("stderr.log");
    this.classLoads = logs.resolve("classes.log");
  }

  /**
   * Starts {@code function} on the artifact in {@code taskRoot}, with {@code local} (endpoint
   * overrides) in its environment; {@code snapStart} initialises it as SnapStart does; with a
   * {@code maxConcurrency} above 1 it is a Lambda Managed Instances environment, taking that many
   * events at once ({@link LambdaEnvironment#of}).
   */
  public static LambdaRuntime start(FunctionDefinition function, Path taskRoot,
      Map<String, String> local, boolean snapStart, int maxConcurrency) {
    RuntimeApi api = RuntimeApi.start(function.aliasArn());
    try {
      Path logs = Files.createDirectories(taskRoot.resolveSibling(function.logicalId()
          + "-runtime-" + STARTED.incrementAndGet()));
      List<String> command = new ArrayList<>(List.of(java(), "-XX:MaxHeapSize="
              + share(function, 85) + "k",
          "-XX:MaxMetaspaceSize=" + share(function, 10) + "k",
          "-XX:ReservedCodeCacheSize=" + share(function, 5) + "k",
          "-XX:+UseSerialGC", "-Xshare:auto"));
      if (snapStart) {
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-Xlog:class+load=info:file=" + logs.resolve("classes.log"));
      }
      command.addAll(List.of("-cp", runtimeClasspath(), MAIN, function.handler()));
      ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile())
          .redirectOutput(logs.resolve("stdout.log").toFile())
          .redirectError(logs.resolve("stderr.log").toFile());
      builder.environment().clear();
      builder.environment().putAll(LambdaEnvironment.of(function, taskRoot, api.address(),
          snapStart, maxConcurrency, local));
      return new LambdaRuntime(function, api, builder.start(), logs);
    } catch (IOException e) {
      api.close();
      throw new UncheckedIOException(e);
    }
  }

  /** Kilobytes of the function's memory: Lambda's JVM heap is 85 %, metaspace 10 %, code 5 %. */
  private static long share(FunctionDefinition function, int percent) {
    return function.memoryMb() * 1024L * percent / 100;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The Runtime Interface Client and its dependencies, as the build wrote them
   * ({@code -Dddns.lambda.runtime.classpath}, set by failsafe).
   */
  static String runtimeClasspath() {
    String file = System.getProperty("ddns.lambda.runtime.classpath",
        "target/lambda-runtime.classpath");
    try {
      String classpath = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
      if (!classpath.contains("aws-lambda-java-runtime-interface-client")) {
        throw new AssertionError(file + " does not name the Runtime Interface Client: "
            + classpath);
      }
      return classpath;
    } catch (IOException e) {
      throw new AssertionError(file + " is missing: run mvn verify (pre-integration-test "
          + "writes it)", e);
    }
  }

  public FunctionDefinition function() {
    return function;
  }

  public RuntimeApi api() {
    return api;
  }

  /** Submits {@code event} and waits for the runtime's answer. */
  public Invocation.Result invoke(String event) {
    return await(submit(event));
  }

  /**
   * Submits {@code event}; the runtime takes events in order, one at a time or, in a Managed
   * Instances environment, as many at once as it has handler threads.
   */
  public CompletableFuture<Invocation.Result> submit(String event) {
    return api.submit(event.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(function.timeoutSeconds()));
  }

  /** The answer to a submitted event; fails with the function's log when none comes in time. */
  public Invocation.Result await(CompletableFuture<Invocation.Result> result) {
    Duration limit = Duration.ofSeconds(function.timeoutSeconds()).plus(START_ALLOWANCE);
    try {
      return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(function.logicalId() + " gave no answer within " + limit
          + (process.isAlive() ? "" : " (runtime exited " + process.exitValue() + ")") + "\n"
          + log());
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The runtime's init error, waiting for it at most the start allowance. */
  public Invocation.ErrorReport awaitInitError() {
    try {
      return api.initError().get(START_ALLOWANCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(function.logicalId() + " reported no init error: " + e + "\n"
          + log());
    }
  }

  /** Waits until the runtime process has exited; returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(function.logicalId() + " still runs after " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the function wrote to standard output (its log lines) so far. */
  public String stdout() {
    return read(stdout);
  }

  /** Standard output and error, for failure messages. */
  public String log() {
    return function.logicalId() + " stdout:\n" + read(stdout) + "\n" + function.logicalId()
        + " stderr:\n" + read(stderr);
  }

  /** The JVM's class-load log of a SnapStart runtime, so far. */
  public String classLoadLog() {
    return read(classLoads);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    ToolProcess.stop(process.toHandle());
    api.close();
  }
}
