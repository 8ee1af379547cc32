package dev.ddns.it;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ends what a test class started, every part even when one fails to close. */
final class Closing {
  private static final long GRACE_SECONDS = 10;

  private Closing() {}

  /** Closes each of {@code parts} that is not null, in order; failures are reported, not thrown. */
  static void all(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        System.err.println("closing " + part + ": " + e);
      }
    }
  }

  /** Asks {@code process} to stop (SIGTERM), and kills it if it has not within 10 s. */
  static void end(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
