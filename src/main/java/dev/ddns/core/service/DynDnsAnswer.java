package dev.ddns.core.service;

import java.util.List;

/**
 * The body of a dyndns2 answer: one line per host ({@code good A}, {@code nochg A}, {@code
 * nohost}, {@code notfqdn}, {@code 911}), or one line for the whole call ({@code badauth}, {@code
 * abuse}, {@code notfqdn}, {@code numhost}, {@code 911}); docs/clients.md lists what each means.
 *
 * @param lines the answer's lines, in the order of the hosts
 */
public record DynDnsAnswer(List<String> lines) {
  public static final String GOOD = "good";
  public static final String NOCHG = "nochg";
  public static final String BADAUTH = "badauth";
  public static final String NOTFQDN = "notfqdn";
  public static final String NOHOST = "nohost";
  public static final String NUMHOST = "numhost";
  public static final String ABUSE = "abuse";
  public static final String SERVER_ERROR = "911";

  public DynDnsAnswer {
    lines = List.copyOf(lines);
  }

  /** An answer of one line. */
  public static DynDnsAnswer of(String line) {
    return new DynDnsAnswer(List.of(line));
  }

  /** The body: the lines, each ending with a newline. */
  public String text() {
    return String.join("\n", lines) + "\n";
  }
}
