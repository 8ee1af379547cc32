package dev.ddns.core.port;

/**
 * What one update may hold on a store, stated by the store so that the core refuses a larger one
 * with a verdict (REFUSED, with the limit in the Extended DNS Error) before anything is read or
 * written: the names besides the apex one update may read, and those one commit may change.
 *
 * @param namesRead names besides the apex one {@link ZoneStore#readForUpdate} takes
 * @param namesChanged names besides the apex one {@link ZoneStore#commit} takes
 * @param holder what holds them, for the refusal's text, e.g. "one DynamoDB transaction"
 */
public record StoreCapacity(int namesRead, int namesChanged, String holder) {
  /** A store that takes updates of any size. */
  public static final StoreCapacity UNBOUNDED =
      new StoreCapacity(Integer.MAX_VALUE, Integer.MAX_VALUE, "the store");
}
