package dev.ddns.core.query;

import dev.ddns.core.tsig.TsigKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;

/**
 * Where a paged zone transfer resumes: the form and zone version the transfer is pinned to, the
 * position of the next message, and the MAC of the message before it, so that the next page
 * continues the one TSIG-signed stream (RFC 8945 §5.3.1).
 *
 * <p>As a token it is opaque to the holder but not secret: everything in it is visible in the
 * transfer itself. It is bound to the request (its MAC) and sealed with an HMAC under the secret
 * of the request's TSIG key, so that nobody without that key can make or alter one, and it is
 * only honoured on a request that verifies again with that key.
 *
 * @param incremental true for IXFR difference sequences, false for the full zone
 * @param version the zone version every page is built from
 * @param serial the SOA serial at that version
 * @param next where the next page starts
 * @param priorMac the MAC of the last message already sent
 */
public record TransferContinuation(boolean incremental, long version, long serial,
    Position next, byte[] priorMac) {
  /** Format 2: the position names a node (format 1 held a message index only). */
  private static final byte FORMAT = 2;
  private static final short NO_NODE = -1;
  private static final String SEAL = "HmacSHA256";
  private static final int SEAL_LENGTH = 32;
  private static final byte[] CONTEXT =
      "ddns paged transfer continuation".getBytes(StandardCharsets.US_ASCII);

  /**
   * The first message of a page. For IXFR difference sequences, which are built from the journal
   * up to the pinned version, the index of the message ({@code node} empty). For the full zone
   * ({@link ZonePages}), a node and how many of its records were sent before (all of them when the
   * page ended at the node's end), or no node when only the closing SOA is left.
   *
   * @param node the node the position is in, for the full zone
   * @param index the message index (IXFR), or the records of the node already sent (full zone)
   */
  public record Position(Optional<Name> node, int index) {
    public Position {
      if (index < 0) {
        throw new IllegalArgumentException("negative position: " + index);
      }
    }

    /** The message {@code index} of an IXFR. */
    public static Position message(int index) {
      return new Position(Optional.empty(), index);
    }

    /** In the full zone, after the first {@code index} records of {@code node}. */
    public static Position record(Name node, int index) {
      return new Position(Optional.of(node), index);
    }

    /** Only the closing SOA of a full zone transfer is left. */
    public static Position closing() {
      return new Position(Optional.empty(), 0);
    }

    @Override
    public String toString() {
      return node.map(n -> "record " + index + " of " + n).orElse("message " + index);
    }
  }

  public TransferContinuation {
    priorMac = priorMac.clone();
  }

  /** The token for a request whose TSIG MAC is {@code requestMac}, signed with {@code key}. */
  public String seal(TsigKey key, byte[] requestMac) {
    byte[] node = next.node().map(Name::toWireCanonical).orElse(new byte[0]);
    ByteBuffer body = ByteBuffer.allocate(1 + 1 + 8 + 8 + 4 + 2 + node.length + 2
        + priorMac.length);
    body.put(FORMAT).put((byte) (incremental ? 1 : 0)).putLong(version).putLong(serial)
        .putInt(next.index()).putShort(next.node().isPresent() ? (short) node.length : NO_NODE)
        .put(node).putShort((short) priorMac.length).put(priorMac);
    byte[] payload = body.array();
    byte[] token = Arrays.copyOf(payload, payload.length + SEAL_LENGTH);
    System.arraycopy(mac(key, requestMac, payload), 0, token, payload.length, SEAL_LENGTH);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * The continuation in {@code token}, when {@code key} sealed it for the request with MAC
   * {@code requestMac}; empty for anything else.
   */
  public static Optional<TransferContinuation> open(String token, TsigKey key, byte[] requestMac) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token.trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (bytes.length < SEAL_LENGTH + 26) {
      return Optional.empty();
    }
    byte[] payload = Arrays.copyOf(bytes, bytes.length - SEAL_LENGTH);
    byte[] seal = Arrays.copyOfRange(bytes, payload.length, bytes.length);
    if (!MessageDigest.isEqual(seal, mac(key, requestMac, payload))) {
      return Optional.empty();
    }
    return parse(ByteBuffer.wrap(payload));
  }

  /** The sealed payload; a token of another format or with a malformed position is refused. */
  private static Optional<TransferContinuation> parse(ByteBuffer in) {
    if (in.get() != FORMAT) {
      return Optional.empty();
    }
    boolean incremental = in.get() == 1;
    long version = in.getLong();
    long serial = in.getLong();
    int index = in.getInt();
    short nodeLength = in.getShort();
    if (index < 0 || nodeLength < NO_NODE || in.remaining() < Math.max(0, nodeLength) + 2) {
      return Optional.empty();
    }
    Optional<Name> node = Optional.empty();
    if (nodeLength != NO_NODE) {
      byte[] wire = new byte[nodeLength];
      in.get(wire);
      try {
        node = Optional.of(new Name(new DNSInput(wire)));
      } catch (java.io.IOException e) {
        return Optional.empty();
      }
    }
    if (incremental && (node.isPresent() || index < 1)) {
      return Optional.empty();
    }
    int macLength = in.getShort() & 0xffff;
    if (in.remaining() != macLength) {
      return Optional.empty();
    }
    byte[] mac = new byte[macLength];
    in.get(mac);
    return Optional.of(new TransferContinuation(incremental, version, serial,
        new Position(node, index), mac));
  }

  private static byte[] mac(TsigKey key, byte[] requestMac, byte[] payload) {
    try {
      Mac mac = Mac.getInstance(SEAL);
      mac.init(new SecretKeySpec(key.secret(), SEAL));
      mac.update(CONTEXT);
      mac.update(key.name().toWireCanonical());
      mac.update(ByteBuffer.allocate(2).putShort((short) requestMac.length).array());
      mac.update(requestMac);
      mac.update(payload);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public byte[] priorMac() {
    return priorMac.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransferContinuation c && c.incremental == incremental
        && c.version == version && c.serial == serial && c.next.equals(next)
        && Arrays.equals(c.priorMac, priorMac);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(priorMac) * 31 + Long.hashCode(version) + next.hashCode();
  }

  @Override
  public String toString() {
    return (incremental ? "IXFR" : "AXFR") + " at version " + version + " from " + next;
  }
}
