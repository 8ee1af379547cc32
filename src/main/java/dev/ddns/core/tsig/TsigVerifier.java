package dev.ddns.core.tsig;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/**
 * Verifies the TSIG record of a request (<a href="https://www.rfc-editor.org/rfc/rfc8945#section-5.2">
 * RFC 8945 §5.2</a>) in the order the RFC gives: placement and form, key, MAC size, MAC, time,
 * truncation policy. The MAC is computed here rather than by dnsjava, so that the Original ID is
 * honoured (§4.3.3.1) and the comparison takes constant time.
 *
 * <p>The time window is the server's as much as the client's: a request verifies only when the
 * server's clock lies within time signed ± the smaller of the request's fudge and the server's
 * maximum fudge, so a client cannot stretch a message's life by asking for a large fudge
 * (docs/tsig.md).
 */
public final class TsigVerifier {
  /** RFC 8945 §5.2.2.1: no MAC may be shorter than 10 bytes. */
  private static final int MIN_MAC = 10;

  private final KeyStore keys;
  private final Clock clock;
  private final Duration maxFudge;
  private final Macs macs = new Macs();

  /** The server's maximum fudge unless configured: the value RFC 8945 §10 recommends. */
  public static final Duration DEFAULT_MAX_FUDGE = Duration.ofSeconds(300);

  /** A verifier with the {@link #DEFAULT_MAX_FUDGE}. */
  public TsigVerifier(KeyStore keys, Clock clock) {
    this(keys, clock, DEFAULT_MAX_FUDGE);
  }

  /** A verifier accepting time windows of at most {@code maxFudge} either side of its clock. */
  public TsigVerifier(KeyStore keys, Clock clock, Duration maxFudge) {
    if (maxFudge.isNegative()) {
      throw new IllegalArgumentException("the maximum fudge must not be negative: " + maxFudge);
    }
    this.keys = keys;
    this.clock = clock;
    this.maxFudge = maxFudge;
  }

  /** Verifies {@code message}, parsed from {@code wire}. */
  public TsigResult verify(Message message, byte[] wire) {
    TsigPlacement placement = TsigPlacement.of(wire);
    if (!placement.ok()) {
      return new TsigResult.Malformed(placement.problem());
    }
    TSIGRecord tsig = message.getTSIG();
    if (!placement.signed() || tsig == null) {
      return new TsigResult.Unsigned();
    }
    Optional<String> form = form(tsig);
    if (form.isPresent()) {
      return new TsigResult.Malformed(form.get());
    }
    Optional<TsigKey> current = keys.find(tsig.getName()).filter(k -> usable(k, tsig));
    List<TsigKey> first = current.map(List::of).orElseGet(() -> candidates(tsig));
    if (first.isEmpty()) {
      return new TsigResult.Failed(Rcode.BADKEY, null, tsig, "key " + tsig.getName()
          + " with algorithm " + tsig.getAlgorithm() + " is not known");
    }
    Optional<String> size = macSize(tsig, macs.of(first.get(0)).getMacLength());
    if (size.isPresent()) {
      return new TsigResult.Malformed(size.get());
    }
    TsigResult result = verifyWithCandidates(wire, placement.start(), tsig, first);
    if (current.isPresent() && isBadSig(result)) {
      List<TsigKey> others = candidates(tsig).stream().filter(k -> !k.equals(current.get()))
          .toList();
      return others.isEmpty() ? result
          : verifyWithCandidates(wire, placement.start(), tsig, others);
    }
    return result;
  }

  /**
   * During a rotation's grace window the previous secret verifies too: the first candidate whose
   * MAC matches decides the result (time, truncation); BADSIG only when none matches. The current
   * secret is tried alone first, so a store reads the previous one only when it is needed.
   */
  private TsigResult verifyWithCandidates(byte[] wire, int start, TSIGRecord tsig,
      List<TsigKey> candidates) {
    TsigResult result = null;
    for (TsigKey key : candidates) {
      result = verifyMac(wire, start, tsig, key, macs.of(key));
      if (!isBadSig(result)) {
        return result;
      }
    }
    return result;
  }

  private static boolean isBadSig(TsigResult result) {
    return result instanceof TsigResult.Failed failed && failed.error() == Rcode.BADSIG;
  }

  /** The MAC, then the time, then the truncation policy: only a valid MAC earns a signed error. */
  private TsigResult verifyMac(byte[] wire, int start, TSIGRecord tsig, TsigKey key, Mac mac) {
    int fullLength = mac.getMacLength();
    if (!macMatches(RequestMac.of(mac, wire, start, tsig), tsig.getSignature())) {
      return new TsigResult.Failed(Rcode.BADSIG, key, tsig, "the MAC of key " + tsig.getName()
          + " does not verify");
    }
    Optional<String> time = time(tsig, clock.instant());
    if (time.isPresent()) {
      return new TsigResult.Failed(Rcode.BADTIME, key, tsig, time.get());
    }
    // RFC 8945 §5.2.4 and §7, local policy as BIND's for keys without a digest length: the full MAC.
    if (tsig.getSignature().length < fullLength) {
      return new TsigResult.Failed(Rcode.BADTRUNC, key, tsig, "the MAC is truncated to "
          + tsig.getSignature().length + " bytes; this server requires all " + fullLength);
    }
    return new TsigResult.Verified(key, tsig, tsig.getTimeSigned().plus(window(tsig)));
  }

  // RFC 8945 §4.2: the TSIG record has class ANY and TTL 0.
  private static Optional<String> form(TSIGRecord tsig) {
    if (tsig.getDClass() != DClass.ANY || tsig.getTTL() != 0) {
      return Optional.of("the TSIG record must have class ANY and TTL 0");
    }
    return Optional.empty();
  }

  // RFC 8945 §5.2.1: an unknown key, or a known key with another algorithm, is BADKEY.
  private List<TsigKey> candidates(TSIGRecord tsig) {
    return keys.candidates(tsig.getName()).stream().filter(k -> usable(k, tsig)).toList();
  }

  private static boolean usable(TsigKey key, TSIGRecord tsig) {
    return key.algorithm().equals(tsig.getAlgorithm());
  }

  /**
   * RFC 8945 §5.2.2.1: a MAC longer than the hash, or shorter than the larger of 10 bytes and half
   * the hash, is FORMERR. This also refuses the empty MAC that only error responses may carry
   * (CVE-2017-3142, CVE-2017-3143).
   */
  private static Optional<String> macSize(TSIGRecord tsig, int hashLength) {
    int size = tsig.getSignature().length;
    int min = Math.max(MIN_MAC, hashLength / 2);
    if (size > hashLength || size < min) {
      return Optional.of("the TSIG MAC is " + size + " bytes; " + tsig.getAlgorithm()
          + " allows " + min + " to " + hashLength);
    }
    return Optional.empty();
  }

  /**
   * RFC 8945 §5.2.2 and §5.2.2.1: the computed MAC, truncated to the received length, must equal
   * it; compared in constant time, so that timing reveals nothing of the expected MAC.
   */
  private static boolean macMatches(byte[] computed, byte[] received) {
    return MessageDigest.isEqual(Arrays.copyOf(computed, received.length), received);
  }

  /**
   * RFC 8945 §5.2.3: the server's time must lie within time signed ± fudge, where the fudge is
   * the smaller of the request's and the server's maximum.
   */
  private Optional<String> time(TSIGRecord tsig, Instant now) {
    Duration skew = Duration.between(tsig.getTimeSigned(), now).abs();
    Duration window = window(tsig);
    if (skew.compareTo(window) > 0) {
      return Optional.of("time signed " + tsig.getTimeSigned() + " is " + skew.toSeconds()
          + " s from server time " + now + ", more than the fudge of " + window.toSeconds()
          + " s (the request's " + tsig.getFudge().toSeconds() + " s, at most the server's "
          + maxFudge.toSeconds() + " s)");
    }
    return Optional.empty();
  }

  /** How far from time signed the server's clock may be: the smaller fudge of the two. */
  private Duration window(TSIGRecord tsig) {
    return tsig.getFudge().compareTo(maxFudge) < 0 ? tsig.getFudge() : maxFudge;
  }
}
