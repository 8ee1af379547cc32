package dev.ddns.cli;

import dev.ddns.relay.UnsignedLimit;
import picocli.CommandLine.Option;

/**
 * The relay's limit on unsigned UDP ({@code ddns relay} and {@code ddns local}): overall and per
 * source prefix rates and the slip. Signed requests and TCP are not limited by it.
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

  /** The limit; throws IllegalArgumentException for a negative value. */
  UnsignedLimit limit() {
    return new UnsignedLimit(rate, prefixRate, slip);
  }
}
