package dev.ddns.relay;

/** Concise one-line messages on stderr. */
final class Log {
  private Log() {}

  static void info(String message) {
    System.err.println("ddns relay: " + message);
  }
}
