package dev.ddns.core.port;

/**
 * The update touches more names than the store can change in one atomic step (DynamoDB: 100
 * items per transaction). Nothing was applied; the client gets REFUSED with this message as an
 * Extended DNS Error, never a half-applied update. A property of the request, not a failure of
 * the store (which is {@link StoreException}, SERVFAIL), so retrying cannot help.
 */
public class UpdateTooLarge extends RuntimeException {
  public UpdateTooLarge(String message) {
    super(message);
  }
}
