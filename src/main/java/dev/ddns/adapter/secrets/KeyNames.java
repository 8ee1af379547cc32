package dev.ddns.adapter.secrets;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;

/**
 * Which TSIG key names a key store looks up, and their text form in secret ids and file names.
 * A name passes when it has labels of letters, digits, {@code -} and {@code _} only (DNS itself
 * limits them to 63 characters each and 253 in all); the text is lower case without the final dot, so that
 * {@code ACME-Key.example.} and {@code acme-key.example.} name one key. Anything else is never
 * looked up: a request under a random or hostile name costs no call and no file access.
 */
public final class KeyNames {
  private static final int MAX_TEXT = 253;
  private static final Pattern LABELS =
      Pattern.compile("[a-z0-9_-]{1,63}(\\.[a-z0-9_-]{1,63}){0,126}");

  private KeyNames() {}

  /** The name's text for a secret id or file name, or empty when the name does not qualify. */
  public static Optional<String> text(Name name) {
    if (!name.isAbsolute() || name.labels() < 2) {
      return Optional.empty();
    }
    String text = name.toString(true).toLowerCase(Locale.ROOT);
    return LABELS.matcher(text).matches() ? Optional.of(text) : Optional.empty();
  }

  /** The key name for text made by {@link #text}, or empty when {@code text} is not one. */
  public static Optional<Name> fromText(String text) {
    if (text.length() > MAX_TEXT || !LABELS.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(Name.fromConstantString(text + "."));
  }

  /** {@link #text}, or an exception naming the rule, for names an operator typed. */
  public static String require(Name name) {
    return text(name).orElseThrow(() -> new IllegalArgumentException("key name " + name
        + " is not usable: use letters, digits, '-' and '_' in labels of up to 63 characters, "
        + "at most 253 in all"));
  }
}
