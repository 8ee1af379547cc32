package dev.ddns.bench;

/** How a benchmark's {@code main} ends: with its exit code, whatever threads are still running. */
final class BenchMain {
  private BenchMain() {}

  /** A benchmark's body: its exit code. */
  interface Body {
    int run(String[] args) throws Exception;
  }

  /**
   * Runs {@code body} and halts the JVM with its exit code (1 when it throws): DynamoDB Local's
   * threads are not daemons, so a plain return would never leave.
   */
  static void exit(Body body, String[] args) {
    int code = 1;
    try {
      code = body.run(args);
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(code);
    }
  }
}
