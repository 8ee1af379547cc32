package dev.ddns.testing.tools;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * dnspython, the library under certbot-dns-rfc2136 and many scripts, driven through
 * {@code dnspython_client.py} (a test resource): signed or unsigned updates and queries over UDP or
 * TCP, with TXT data in hex so that every byte is compared exactly.
 */
public final class Dnspython {
  private final int port;
  private final Optional<TestKey> key;

  private Dnspython(int port, Optional<TestKey> key) {
    this.port = port;
    this.key = key;
  }

  public static Dnspython signed(int port, TestKey key) {
    return new Dnspython(port, Optional.of(key));
  }

  public static Dnspython unsigned(int port) {
    return new Dnspython(port, Optional.empty());
  }

  /** One update of {@code zone} that adds {@code owner ttl TXT data}; returns its rcode. */
  public String addTxt(DnsWire.Transport transport, String zone, String owner, long ttl,
      TxtStrings data) {
    return run("update", zone, transport(transport), "add", owner, String.valueOf(ttl), data.hex())
        .get(0);
  }

  /** One query with RD clear, as certbot sends, for each name in turn; see {@link Answer}. */
  public List<Answer> query(DnsWire.Transport transport, String type, String... names) {
    List<String> arguments = new ArrayList<>(List.of("query", type, transport(transport)));
    arguments.addAll(List.of(names));
    List<Answer> answers = new ArrayList<>();
    List<String> block = new ArrayList<>();
    for (String line : run(arguments.toArray(String[]::new))) {
      if (line.isEmpty()) {
        answers.add(Answer.parse(block));
        block.clear();
      } else {
        block.add(line);
      }
    }
    return answers;
  }

  /**
   * The script's answer: rcode, header flags (lower case, e.g. {@code qr aa}), whether it carried
   * a verified TSIG, and {@code NAME TTL TYPE DATA} per answer record, TXT data in hex.
   */
  public record Answer(String rcode, List<String> flags, boolean verified, List<String> records) {
    public static Answer parse(List<String> lines) {
      return new Answer(
          value(lines.get(0), "rcode"),
          List.of(value(lines.get(1), "flags").split(" ")),
          value(lines.get(2), "tsig").equals("verified"),
          List.copyOf(lines.subList(3, lines.size())));
    }

    private static String value(String line, String label) {
      if (!line.startsWith(label + " ")) {
        throw new AssertionError("expected '" + label + " ...', got '" + line + "'");
      }
      return line.substring(label.length() + 1);
    }

    public boolean authoritative() {
      return flags.contains("aa");
    }
  }

  private List<String> run(String... arguments) {
    List<String> command = new ArrayList<>(List.of(Tools.dnspython().toString(),
        script().toString(), "127.0.0.1", String.valueOf(port),
        key.map(k -> k.algorithm() + ":" + k.name() + ":" + k.secret()).orElse("none")));
    command.addAll(List.of(arguments));
    return Exec.run(command, "").assertSuccess().output().lines().toList();
  }

  private static String transport(DnsWire.Transport transport) {
    return transport.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Path script() {
    try {
      return Path.of(Dnspython.class.getResource("dnspython_client.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
