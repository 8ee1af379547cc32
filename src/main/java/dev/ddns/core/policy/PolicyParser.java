package dev.ddns.core.policy;

import dev.ddns.core.model.AddressPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads policy lines into rules. Names are absolute, as in BIND's {@code named.conf}: {@code www}
 * means {@code www.}, so a name field outside the zone is reported rather than silently never
 * matching. Every line at fault is reported, each with its number and the problem.
 */
final class PolicyParser {
  private static final Pattern TYPE =
      Pattern.compile("([A-Za-z][A-Za-z0-9-]*)(?:\\((\\d{1,9})\\))?");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})([smhdw])");
  private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final String MATCH_TYPES =
      "name, subdomain, zonesub, wildcard, self, selfsub, selfwild or self-address";

  private final Name zone;

  PolicyParser(Name zone) {
    this.zone = zone;
  }

  PolicyParse parse(List<String> lines) {
    List<PolicyRule> rules = new ArrayList<>();
    List<ExpiryRule> expiries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      List<String> words = words(lines.get(i));
      if (words.isEmpty()) {
        continue;
      }
      try {
        String verb = words.get(0).toLowerCase(Locale.ROOT);
        switch (verb) {
          case "grant", "deny" -> rules.add(rule(i + 1, verb.equals("grant"), words));
          case "expire" -> expiries.add(expiry(i + 1, words));
          default -> throw new Problem("a rule starts with grant, deny or expire, not '"
              + words.get(0) + "'");
        }
      } catch (Problem p) {
        errors.add("line " + (i + 1) + ": " + p.getMessage() + " in '" + lines.get(i).strip()
            + "'");
      }
    }
    return new PolicyParse(new UpdatePolicy(rules, expiries), errors);
  }

  /** The words of a line, without a {@code #} comment and a final {@code ;} (as in named.conf). */
  static List<String> words(String line) {
    String text = line;
    int hash = text.indexOf('#');
    if (hash >= 0) {
      text = text.substring(0, hash);
    }
    text = text.strip();
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
  }

  /** {@code grant|deny PRINCIPAL [tcp-only] MATCH [NAME] [TYPE[(LIMIT)]...]} */
  private PolicyRule rule(int line, boolean grant, List<String> words) {
    if (words.size() < 3) {
      throw new Problem("expected " + words.get(0) + " KEY MATCH [NAME] [TYPES]");
    }
    Principal principal = principal(words.get(1));
    int next = 2;
    if (principal instanceof Principal.Address address
        && words.get(next).equalsIgnoreCase(Principal.Address.TCP_ONLY)) {
      principal = new Principal.Address(address.prefix(), true);
      next++;
    }
    if (next >= words.size()) {
      throw new Problem("expected " + words.get(0) + " KEY MATCH [NAME] [TYPES]");
    }
    MatchType match = matchType(words.get(next));
    requireFits(principal, match);
    List<String> rest = words.subList(next + 1, words.size());
    Name name = zone;
    if (match.needsName()) {
      name = nameField(match, rest);
      rest = rest.subList(1, rest.size());
    } else if (match.usesRequester() && !rest.isEmpty() && !isType(rest.get(0))) {
      // BIND's ignored name field of the self types; the name of self-address
      if (match == MatchType.SELF_ADDRESS) {
        name = name(rest.get(0), "name");
        requireInZone(name);
      }
      rest = rest.subList(1, rest.size());
    }
    TypeList types = types(rest);
    if (!grant && types.hasLimits()) {
      throw new Problem("a deny rule takes no limits");
    }
    if (match == MatchType.SELF_ADDRESS) {
      types = selfAddressTypes(types);
    }
    return new PolicyRule(line, grant, principal, match, name, types);
  }

  /** {@code address:PREFIX}, {@code token:NAME}, or a key name or wildcard. */
  private static Principal principal(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.startsWith(Principal.Address.WORD)) {
      try {
        return new Principal.Address(
            AddressPrefix.parse(word.substring(Principal.Address.WORD.length())), false);
      } catch (IllegalArgumentException e) {
        throw new Problem(e.getMessage());
      }
    }
    if (lower.startsWith(Principal.Token.WORD)) {
      String token = word.substring(Principal.Token.WORD.length());
      if (!TOKEN_NAME.matcher(token).matches()) {
        throw new Problem("token '" + token + "' is not a token name (letters, digits, '.', '_' "
            + "and '-', at most 63)");
      }
      return new Principal.Token(token);
    }
    return new Principal.Key(name(word, "key"));
  }

  /** The self types compare with a key's name, self-address with a client's address. */
  private static void requireFits(Principal principal, MatchType match) {
    if (match.usesKey() && !(principal instanceof Principal.Key)) {
      throw new Problem(match.word() + " compares with the signing key's name, so it needs a key"
          + (principal instanceof Principal.Address ? "; for addresses use self-address" : ""));
    }
    if (match == MatchType.SELF_ADDRESS && !(principal instanceof Principal.Address)) {
      throw new Problem("self-address compares with the client's address, so it needs "
          + "address:PREFIX");
    }
  }

  /** A self-address rule covers A, AAAA and PTR: all three when it lists none. */
  private static TypeList selfAddressTypes(TypeList types) {
    if (types.limits().isEmpty()) {
      Map<Integer, Integer> all = new LinkedHashMap<>();
      for (int type : List.of(Type.A, Type.AAAA, Type.PTR)) {
        all.put(type, 0);
      }
      return new TypeList(all);
    }
    for (int type : types.limits().keySet()) {
      if (!SelfAddress.TYPES.contains(type)) {
        throw new Problem("self-address covers A, AAAA and PTR only, not " + Type.string(type));
      }
    }
    return types;
  }

  /** {@code expire DURATION MATCH [NAME] TYPE...} */
  private ExpiryRule expiry(int line, List<String> words) {
    if (words.size() < 4) {
      throw new Problem("expected expire DURATION MATCH [NAME] TYPES");
    }
    Duration after = duration(words.get(1));
    MatchType match = matchType(words.get(2));
    if (match.usesRequester()) {
      throw new Problem("expire rules apply to every key, so " + match.word()
          + " does not fit; use name, subdomain, zonesub or wildcard");
    }
    int next = 3;
    Name name = zone;
    if (match.needsName()) {
      name = nameField(match, words.subList(3, words.size()));
      next = 4;
    }
    TypeList types = types(words.subList(next, words.size()));
    if (types.limits().isEmpty()) {
      throw new Problem("an expire rule names its types");
    }
    if (types.hasLimits()) {
      throw new Problem("an expire rule takes no limits");
    }
    for (int type : List.of(Type.ANY, Type.SOA, Type.NS)) {
      if (types.lists(type)) {
        throw new Problem(Type.string(type) + " cannot expire; list data types");
      }
    }
    return new ExpiryRule(line, after, match, name, types);
  }

  /** The name field, the first of {@code rest}, the words after the match type. */
  private Name nameField(MatchType match, List<String> rest) {
    if (rest.isEmpty()) {
      throw new Problem(match.word() + " needs a name");
    }
    Name name = name(rest.get(0), "name");
    if (match == MatchType.WILDCARD) {
      if (!name.isWild()) {
        throw new Problem("wildcard needs a name starting with '*.', not " + name);
      }
      requireInZone(new Name(name, 1));
    } else {
      requireInZone(name);
    }
    return name;
  }

  private void requireInZone(Name name) {
    if (!name.subdomain(zone)) {
      throw new Problem("name " + name + " is outside zone " + zone
          + " (names are absolute: write the full name)");
    }
  }

  private static MatchType matchType(String word) {
    return MatchType.of(word).orElseThrow(() -> new Problem("'" + word
        + "' is not a match type; use " + MATCH_TYPES));
  }

  private static Name name(String text, String field) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new Problem(field + " '" + text + "' is not a domain name: " + e.getMessage());
    }
  }

  private static boolean isType(String word) {
    Matcher m = TYPE.matcher(word);
    return m.matches() && Type.value(m.group(1)) >= 0;
  }

  private static TypeList types(List<String> words) {
    Map<Integer, Integer> limits = new LinkedHashMap<>();
    for (String word : words) {
      Matcher m = TYPE.matcher(word);
      int type = m.matches() ? Type.value(m.group(1)) : -1;
      if (type < 0) {
        throw new Problem("'" + word + "' is not a record type (e.g. TXT, PTR(1), ANY)");
      }
      if (type != Type.ANY && (type == Type.OPT || (type >= 128 && type <= 255))) {
        throw new Problem(Type.string(type) + " is not a record type that updates change");
      }
      int limit = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      if (m.group(2) != null && limit < 1) {
        throw new Problem("the limit of " + Type.string(type) + " must be 1 or more");
      }
      if (limits.put(type, limit) != null) {
        throw new Problem(Type.string(type) + " is listed twice");
      }
    }
    return new TypeList(limits);
  }

  /** {@code 3600}, {@code 90s}, {@code 30m}, {@code 1h}, {@code 1h30m}, {@code 2d}, {@code 1w}. */
  static Duration duration(String text) {
    Duration total = Duration.ZERO;
    if (text.matches("\\d{1,9}")) {
      total = Duration.ofSeconds(Long.parseLong(text));
    } else {
      Matcher m = DURATION_PART.matcher(text.toLowerCase(Locale.ROOT));
      int end = 0;
      while (m.find() && m.start() == end) {
        total = total.plus(unit(m.group(2)).multipliedBy(Long.parseLong(m.group(1))));
        end = m.end();
      }
      if (end != text.length() || end == 0) {
        throw new Problem("'" + text + "' is not a duration (e.g. 3600, 90s, 30m, 1h, 2d)");
      }
    }
    if (total.isZero()) {
      throw new Problem("an expiry must be longer than 0 s");
    }
    return total;
  }

  private static Duration unit(String unit) {
    return switch (unit) {
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      case "h" -> Duration.ofHours(1);
      case "d" -> Duration.ofDays(1);
      default -> Duration.ofDays(7);
    };
  }

  /** What is wrong with one line; caught per line and reported with its number. */
  private static final class Problem extends RuntimeException {
    Problem(String message) {
      super(message, null, false, false);
    }
  }
}
