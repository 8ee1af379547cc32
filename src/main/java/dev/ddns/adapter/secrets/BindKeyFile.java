package dev.ddns.adapter.secrets;

import dev.ddns.core.tsig.TsigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes TSIG keys in BIND's key-file syntax, as {@code tsig-keygen} prints and
 * {@code nsupdate -k} reads:
 *
 * <pre>
 * key "name" {
 *   algorithm hmac-sha256;
 *   secret "base64";
 * };
 * </pre>
 */
public final class BindKeyFile {
  private static final Pattern KEY =
      Pattern.compile("key\\s+\"?([^\"\\s{]+)\"?\\s*\\{([^}]*)\\}\\s*;");
  private static final Pattern ALGORITHM = Pattern.compile("algorithm\\s+\"?([^\";\\s]+)\"?\\s*;");
  private static final Pattern SECRET = Pattern.compile("secret\\s+\"([^\"]*)\"\\s*;");

  private BindKeyFile() {}

  /** Every key statement in {@code text}; fails with the offending key's name on bad content. */
  public static List<TsigKey> parse(String text) {
    String clean = stripComments(text);
    List<TsigKey> keys = new ArrayList<>();
    Matcher m = KEY.matcher(clean);
    while (m.find()) {
      String name = m.group(1);
      Matcher alg = ALGORITHM.matcher(m.group(2));
      Matcher secret = SECRET.matcher(m.group(2));
      if (!alg.find()) {
        throw new IllegalArgumentException("key \"" + name + "\" has no algorithm statement");
      }
      if (!secret.find()) {
        throw new IllegalArgumentException("key \"" + name + "\" has no secret statement");
      }
      keys.add(TsigKey.of(name, alg.group(1), secret.group(1)));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no key statement found (expected key \"name\" { ... };)");
    }
    return keys;
  }

  /**
   * The text without {@code /* *}{@code /}, {@code //} and {@code #} comments; quoted strings are
   * kept whole, since a base64 secret may well contain {@code //}.
   */
  static String stripComments(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        int end = text.indexOf('"', i + 1);
        end = end < 0 ? text.length() : end + 1;
        out.append(text, i, end);
        i = end;
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
        out.append(' ');
      } else if (c == '#' || text.startsWith("//", i)) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The key in BIND syntax, ending with a newline. */
  public static String format(TsigKey key) {
    String name = key.name().toString(true);
    return "key \"" + name + "\" {\n"
        + "\talgorithm " + key.algorithmName() + ";\n"
        + "\tsecret \"" + key.base64Secret() + "\";\n"
        + "};\n";
  }
}
