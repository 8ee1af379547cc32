package dev.ddns.adapter.dynamodb;

import dev.ddns.core.port.UpdateTooLarge;

/**
 * An update reads or writes more items than one DynamoDB transaction holds (100:
 * docs/architecture.md, "The commit protocol"). Thrown before anything is sent, so nothing was
 * applied; the service answers REFUSED with an Extended DNS Error (RFC 8914) rather than
 * SERVFAIL, since retrying cannot help.
 */
public final class TooManyNames extends UpdateTooLarge {
  /** The most items one TransactGetItems or TransactWriteItems call takes. */
  public static final int MAX_TRANSACTION_ITEMS = 100;

  private final int items;

  TooManyNames(String message, int items) {
    super(message);
    this.items = items;
  }

  /** How many items the transaction would have needed. */
  public int items() {
    return items;
  }
}
