package dev.ddns.core.port;

/**
 * Where zones live: the reads of queries and transfers ({@link ZoneReads}), the request path of
 * an update ({@link ZoneWrites}), and administration ({@link ZoneAdmin}); a part takes only the
 * one it uses. Implementations: the in-memory reference store and the DynamoDB store. Every method
 * may throw {@link StoreException} for an infrastructure failure; the service turns that into
 * SERVFAIL with nothing applied.
 */
public interface ZoneStore extends ZoneReads, ZoneWrites, ZoneAdmin {}
