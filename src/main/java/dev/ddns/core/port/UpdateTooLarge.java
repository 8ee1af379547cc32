package dev.ddns.core.port;

/**
 * The update touches more names than the store can change in one atomic step (DynamoDB: 100
 * items per transaction). Nothing was applied; the client gets REFUSED with this message as an
 * Extended DNS Error, never a half-applied update.
 */
public class UpdateTooLarge extends StoreException {
  public UpdateTooLarge(String message) {
    super(message);
  }
}
