package dev.ddns.core.policy;

import dev.ddns.core.model.AddressPrefix;
import java.util.Locale;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * The identity field of a grant or deny rule (docs/policy.md): which {@link Requester}s the rule is
 * about. A TSIG key name or wildcard as in BIND, {@code address:PREFIX [tcp-only]} for unsigned
 * updates from trusted client addresses, {@code token:NAME} for a dyndns2 token.
 */
public sealed interface Principal {

  /** True when this rule is about {@code requester}. */
  boolean covers(Requester requester);

  /**
   * BIND's identity field: a wildcard name covers every key name strictly below its parent (so
   * {@code *} covers every key), any other name only itself.
   *
   * @param pattern the key name, or a wildcard name
   */
  record Key(Name pattern) implements Principal {
    public Key {
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public boolean covers(Requester requester) {
      return requester instanceof Requester.Key key && (pattern.isWild()
          ? MatchType.strictlyBelow(key.name(), new Name(pattern, 1))
          : pattern.equals(key.name()));
    }

    @Override
    public String toString() {
      return pattern.toString();
    }
  }

  /**
   * Unsigned updates from an address in {@code prefix}; with {@code tcpOnly}, not those that came
   * over UDP, whose source address a host on the client's network can forge.
   */
  record Address(AddressPrefix prefix, boolean tcpOnly) implements Principal {
    /** The word that starts this principal in a rule. */
    public static final String WORD = "address:";
    /** The qualifier after the prefix. */
    public static final String TCP_ONLY = "tcp-only";

    public Address {
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public boolean covers(Requester requester) {
      return requester instanceof Requester.Address from && prefix.contains(from.address())
          && !(tcpOnly && from.udp());
    }

    @Override
    public String toString() {
      return WORD + prefix + (tcpOnly ? " " + TCP_ONLY : "");
    }
  }

  /**
   * Requests authorized by the dyndns2 token {@code name}.
   *
   * @param name the token's name, compared case-insensitively
   */
  record Token(String name) implements Principal {
    /** The word that starts this principal in a rule. */
    public static final String WORD = "token:";

    public Token {
      name = name.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean covers(Requester requester) {
      return requester instanceof Requester.Token token && token.name().equals(name);
    }

    @Override
    public String toString() {
      return WORD + name;
    }
  }
}
