package dev.ddns.testing.tools;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The character-strings of one TXT record as exact bytes, and the ways the tools write them:
 * master-file text (RFC 1035 §5.1) as nsupdate reads it and dig prints it, and hex.
 */
public record TxtStrings(List<byte[]> strings) {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Master-file text as BIND prints it: each string quoted; {@code "} and {@code \} escaped with a
   * backslash; bytes outside printable ASCII as {@code \DDD} in decimal (RFC 1035 §5.1).
   */
  public String presentation() {
    return strings.stream().map(TxtStrings::quoted).collect(Collectors.joining(" "));
  }

  /** Each string in hex, joined by commas. */
  public String hex() {
    return strings.stream().map(HEX::formatHex).collect(Collectors.joining(","));
  }

  public static TxtStrings ofHex(String hex) {
    List<byte[]> strings = new ArrayList<>();
    for (String string : hex.split(",", -1)) {
      strings.add(HEX.parseHex(string));
    }
    return new TxtStrings(strings);
  }

  public static TxtStrings of(List<byte[]> strings) {
    return new TxtStrings(List.copyOf(strings));
  }

  private static String quoted(byte[] string) {
    StringBuilder text = new StringBuilder("\"");
    for (byte b : string) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        text.append('\\').append((char) c);
      } else if (c >= 0x20 && c < 0x7f) {
        text.append((char) c);
      } else {
        text.append(String.format("\\%03d", c));
      }
    }
    return text.append('"').toString();
  }

  /** Compares by content (a record of arrays would compare identities). */
  @Override
  public boolean equals(Object other) {
    return other instanceof TxtStrings that && hex().equals(that.hex());
  }

  @Override
  public int hashCode() {
    return hex().hashCode();
  }

  @Override
  public String toString() {
    return presentation();
  }
}
