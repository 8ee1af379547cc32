package dev.ddns.core.policy;

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
  private static final String MATCH_TYPES =
      "name, subdomain, zonesub, wildcard, self, selfsub or selfwild";

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

  /** {@code grant|deny KEY MATCH [NAME] [TYPE[(LIMIT)]...]} */
  private PolicyRule rule(int line, boolean grant, List<String> words) {
    if (words.size() < 3) {
      throw new Problem("expected " + words.get(0) + " KEY MATCH [NAME] [TYPES]");
    }
    Name key = name(words.get(1), "key");
    MatchType match = matchType(words.get(2));
    int next = 3;
    Name name = zone;
    if (match.needsName()) {
      name = nameField(match, words);
      next = 4;
    } else if (match.usesKey() && words.size() > 3 && !isType(words.get(3))) {
      next = 4; // BIND's ignored name field of the self types
    }
    TypeList types = types(words.subList(next, words.size()));
    if (!grant && types.hasLimits()) {
      throw new Problem("a deny rule takes no limits");
    }
    return new PolicyRule(line, grant, key, match, name, types);
  }

  /** {@code expire DURATION MATCH [NAME] TYPE...} */
  private ExpiryRule expiry(int line, List<String> words) {
    if (words.size() < 4) {
      throw new Problem("expected expire DURATION MATCH [NAME] TYPES");
    }
    Duration after = duration(words.get(1));
    MatchType match = matchType(words.get(2));
    if (match.usesKey()) {
      throw new Problem("expire rules apply to every key, so " + match.word()
          + " does not fit; use name, subdomain, zonesub or wildcard");
    }
    int next = 3;
    Name name = zone;
    if (match.needsName()) {
      name = nameField(match, words);
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

  private Name nameField(MatchType match, List<String> words) {
    if (words.size() < 4) {
      throw new Problem(match.word() + " needs a name");
    }
    Name name = name(words.get(3), "name");
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
