package dev.ddns.cli;

import dev.ddns.core.model.AddressPrefix;
import dev.ddns.relay.UnsignedLimit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The relay's limit on unsigned UDP ({@code ddns relay} and {@code ddns local}): overall and per
 * source prefix rates, in datagrams and in answer bytes, the slip, and the exempt prefixes.
 * Signed requests and TCP are not limited by it.
 */
final class UnsignedLimitOptions {
  @Option(names = "--unsigned-rate", paramLabel = "N",
      defaultValue = "" + UnsignedLimit.DEFAULT_RATE,
      description = "Unsigned UDP datagrams per second the relay handles in all (queries, "
          + "unsigned updates, malformed requests); over it they are dropped or slipped; "
          + "0: no limit; default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(names = "--unsigned-prefix-rate", paramLabel = "N",
      defaultValue = "" + UnsignedLimit.DEFAULT_PREFIX_RATE,
      description = "The same limit per source /24 (IPv4) or /56 (IPv6); 0: no limit; "
          + "default: ${DEFAULT-VALUE}.")
  int prefixRate;

  @Option(names = "--slip", paramLabel = "N",
      defaultValue = "" + UnsignedLimit.DEFAULT_SLIP,
      description = "Answer every Nth request over the unsigned limit with an empty truncated "
          + "reply (TC=1), so that clients retry over TCP; 0: never; default: ${DEFAULT-VALUE}.")
  int slip;

  @Option(names = "--unsigned-bytes", paramLabel = "BYTES",
      defaultValue = "" + UnsignedLimit.DEFAULT_BYTE_RATE,
      description = "Bytes of unsigned UDP answers per second in all, charged as they are sent; "
          + "0: no limit; default: ${DEFAULT-VALUE}.")
  int byteRate;

  @Option(names = "--unsigned-prefix-bytes", paramLabel = "BYTES",
      defaultValue = "" + UnsignedLimit.DEFAULT_PREFIX_BYTE_RATE,
      description = "The same per source /24 (IPv4) or /56 (IPv6); 0: no limit; "
          + "default: ${DEFAULT-VALUE}.")
  int prefixByteRate;

  @Option(names = "--unsigned-exempt", paramLabel = "PREFIX",
      description = "Sources the unsigned limit does not apply to, e.g. 192.0.2.0/24 or "
          + "2001:db8::/48 (repeatable); default: none.")
  List<String> exempt = new ArrayList<>();

  /** The limit; throws IllegalArgumentException for a negative value or a bad prefix. */
  UnsignedLimit limit() {
    return new UnsignedLimit(rate, prefixRate, slip, byteRate, prefixByteRate,
        exempt.stream().map(UnsignedLimitOptions::prefix).toList());
  }

  private static AddressPrefix prefix(String text) {
    try {
      return AddressPrefix.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--unsigned-exempt " + e.getMessage(), e);
    }
  }
}
