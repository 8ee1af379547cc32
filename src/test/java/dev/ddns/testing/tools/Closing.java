package dev.ddns.testing.tools;

/** Ends what a test class started, every part even when one fails to close. */
public final class Closing {
  private Closing() {}

  /** Closes each of {@code parts} that is not null, in order; failures are reported, not thrown. */
  public static void all(AutoCloseable... parts) {
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
}
