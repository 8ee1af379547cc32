package dev.ddns.core.policy;

import dev.ddns.core.model.IpAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Who asks for an update, as the endpoint verified it: the {@link Principal} of a grant or deny
 * rule is compared with it (docs/policy.md). Only what was checked becomes a requester: a TSIG key
 * that verified, a client address the endpoint can trust (attested by a relay key, or the HTTP
 * peer of a direct request), or a dyndns2 token whose secret matched; and the server itself.
 */
public sealed interface Requester {

  /** The key name the {@code self} match types compare with; empty for other requesters. */
  Optional<Name> keyName();

  /**
   * How the update was authorized, as the journal's key field keeps it: the key's name, {@link
   * Address#JOURNAL} for an address grant, {@code token:NAME} for a token.
   */
  String journalName();

  /** The requester in refusals: {@code key acme.}, {@code unsigned update from 192.0.2.1}. */
  String describe();

  /** An update signed with the TSIG key {@code name}, verified (RFC 8945). */
  record Key(Name name) implements Requester {
    public Key {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public Optional<Name> keyName() {
      return Optional.of(name);
    }

    @Override
    public String journalName() {
      return name.toString();
    }

    @Override
    public String describe() {
      return "key " + name;
    }
  }

  /**
   * An unsigned update from a client address the endpoint trusts.
   *
   * @param address the client's address
   * @param udp true when the address is the source of a UDP datagram (through the relay), which a
   *     host on the client's network can forge; false for TCP and HTTPS, whose handshake proves it
   */
  record Address(IpAddress address, boolean udp) implements Requester {
    /** The journal's key field of an update an address grant allowed. */
    public static final String JOURNAL = "unsigned";

    public Address {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public Optional<Name> keyName() {
      return Optional.empty();
    }

    @Override
    public String journalName() {
      return JOURNAL;
    }

    @Override
    public String describe() {
      return "unsigned update from " + address;
    }
  }

  /**
   * A request authorized by the dyndns2 token {@code name} (its secret matched).
   *
   * @param name the token's name, compared case-insensitively
   */
  record Token(String name) implements Requester {
    public Token {
      name = name.toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<Name> keyName() {
      return Optional.empty();
    }

    @Override
    public String journalName() {
      return "token:" + name;
    }

    @Override
    public String describe() {
      return "token " + name;
    }
  }

  /**
   * The server itself, making an update of its own (the expiry sweep); no rule is about it.
   *
   * @param journalName what the journal's key field says, e.g. {@code expiry-sweep}
   */
  record Server(String journalName) implements Requester {
    public Server {
      Objects.requireNonNull(journalName, "journalName");
    }

    @Override
    public Optional<Name> keyName() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "the server (" + journalName + ")";
    }
  }
}
