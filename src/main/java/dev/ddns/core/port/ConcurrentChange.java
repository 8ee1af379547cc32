package dev.ddns.core.port;

/**
 * Thrown by a store's update view when the zone moved on while an update was being evaluated:
 * the evaluation is void and is repeated on a fresh read, like a failed commit condition.
 */
public class ConcurrentChange extends RuntimeException {
  public ConcurrentChange(String message) {
    super(message);
  }
}
