package dev.ddns.core.port;

/** An infrastructure failure in a store (throttling, timeout, service error): nothing was applied. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
