package dev.ddns.core.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The answer a signed UPDATE got, remembered by its TSIG key and MAC, so that every copy of the
 * same message (RFC 2136 §7.8: a client that saw no answer sends it again; or a captured message
 * sent by someone else) gets the original answer and takes effect at most once, as first
 * answered (docs/tsig.md, "Replays"). An update that commits writes it in the same atomic step;
 * one that fails or changes nothing writes it alone, first writer winning. The record is useful
 * only while the request's TSIG time is valid: any later copy fails the time check (RFC 8945
 * §5.2.3) before the record is looked up, so stores may drop it after {@code expiresAt}.
 *
 * @param key the TSIG key name
 * @param mac the request's MAC, as sent
 * @param rcode the rcode the update was answered with
 * @param reason the reason sent with a failure (Extended DNS Error text), empty for NOERROR
 * @param expiresAt time signed plus fudge of the request
 */
public record ReplayRecord(Name key, byte[] mac, int rcode, String reason, Instant expiresAt) {
  public ReplayRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (mac == null || mac.length == 0) {
      throw new IllegalArgumentException("a replay record needs the request's MAC");
    }
    mac = mac.clone();
  }

  /** A record with no reason: the answer of a committed update. */
  public ReplayRecord(Name key, byte[] mac, int rcode, Instant expiresAt) {
    this(key, mac, rcode, "", expiresAt);
  }

  /** This request's record, answered {@code rcode} for {@code reason} instead. */
  public ReplayRecord answered(int rcode, String reason) {
    return new ReplayRecord(key, mac, rcode, reason, expiresAt);
  }

  @Override
  public byte[] mac() {
    return mac.clone();
  }

  /** The MAC in base64, as stores key the record. */
  public String macBase64() {
    return Base64.getEncoder().encodeToString(mac);
  }

  /** True when this record is the one of {@code key} and {@code mac}; key names ignore case. */
  private boolean identifies(Name key, byte[] mac) {
    return this.key.equals(key) && Arrays.equals(this.mac, mac);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplayRecord r && r.identifies(key, mac) && r.rcode == rcode
        && r.reason.equals(reason) && r.expiresAt.equals(expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(mac));
  }

  @Override
  public String toString() {
    return "ReplayRecord[" + key + " " + macBase64() + " " + Rcode.string(rcode) + " until "
        + expiresAt + "]";
  }
}
