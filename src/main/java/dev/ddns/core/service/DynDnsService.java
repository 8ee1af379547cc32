package dev.ddns.core.service;

import dev.ddns.core.port.HashedToken;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.TokenStore;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.update.UpdateRequest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The dyndns2 protocol (docs/clients.md) over the update path of {@link DnsService}: the call's
 * token is checked, then each host becomes an ordinary RFC 2136 update of its zone (delete the
 * RRset of each address family given, add the address), evaluated by the same processor under the
 * zone's update policy, journaled, and NOTIFYed like any other. The answers are the protocol's
 * words: a policy refusal and a host in no served zone are alike {@code nohost}, so a token learns
 * nothing about names it may not change.
 */
public final class DynDnsService {
  /** The most hosts one call may name (the protocol's {@code numhost} bound). */
  public static final int MAX_HOSTS = 20;
  /** The TTL of the address records a call writes. */
  public static final long TTL = 60;
  /** How the journal names a token: {@code token:NAME}, as the update policy does. */
  public static final String TOKEN_PREFIX = "token:";

  private static final Logger LOG = Logger.getLogger(DynDnsService.class.getName());

  private final ZoneStore store;
  private final TokenStore tokens;
  private final UpdateHandler updates;
  private final NamedBuckets<String> calls;
  private final NamedBuckets<String> failures;

  DynDnsService(ZoneStore store, TokenStore tokens, UpdateHandler updates, Clock clock,
      DynDnsLimits limits) {
    this.store = store;
    this.tokens = tokens;
    this.updates = updates;
    this.calls = new NamedBuckets<>(limits.callRate(), limits.callBurst(), clock);
    this.failures = new NamedBuckets<>(limits.failureRate(), limits.failureBurst(), clock);
  }

  /** Answers one call; never throws: a store failure is {@code 911}, with nothing applied. */
  public DynDnsAnswer handle(DynDnsCall call) {
    try {
      return answer(call);
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "dyndns2 call from {0}: store failure, answering 911: {1}",
          new Object[] {call.context().clientDescription(), e.getMessage()});
      return DynDnsAnswer.of(DynDnsAnswer.SERVER_ERROR);
    }
  }

  private DynDnsAnswer answer(DynDnsCall call) {
    Optional<String> name = HashedToken.name(call.user());
    Optional<HashedToken> token = name.flatMap(tokens::find)
        .filter(t -> t.matches(call.password()));
    if (token.isEmpty()) {
      return failed(call, name.orElse(""));
    }
    if (!calls.tryTake(token.get().name())) {
      return DynDnsAnswer.of(DynDnsAnswer.ABUSE);
    }
    List<String> hosts = hosts(call.hostnames());
    if (hosts.isEmpty()) {
      return DynDnsAnswer.of(DynDnsAnswer.NOTFQDN);
    }
    if (hosts.size() > MAX_HOSTS) {
      return DynDnsAnswer.of(DynDnsAnswer.NUMHOST);
    }
    List<InetAddress> addresses = DynDnsAddresses.of(call.myip(), call.clientIp());
    if (addresses.isEmpty()) {
      return DynDnsAnswer.of(DynDnsAnswer.SERVER_ERROR);
    }
    List<String> lines = new ArrayList<>(hosts.size());
    for (String host : hosts) {
      lines.add(update(host, addresses, token.get().name(), call));
    }
    return new DynDnsAnswer(lines);
  }

  /**
   * A wrong or missing password, or an unknown token: {@code badauth} at the bounded rate, {@code
   * abuse} past it. A right password is never turned away by wrong ones.
   */
  private DynDnsAnswer failed(DynDnsCall call, String name) {
    boolean withinRate = failures.tryTake(name);
    LOG.log(Level.INFO, "dyndns2 call from {0}: bad credentials for token \"{1}\"{2}",
        new Object[] {call.context().clientDescription(), name,
            withinRate ? "" : " (over the failure rate)"});
    return DynDnsAnswer.of(withinRate ? DynDnsAnswer.BADAUTH : DynDnsAnswer.ABUSE);
  }

  private static List<String> hosts(Optional<String> hostnames) {
    List<String> hosts = new ArrayList<>();
    for (String host : hostnames.orElse("").split(",")) {
      if (!host.isBlank()) {
        hosts.add(host.trim());
      }
    }
    return hosts;
  }

  /** One host's update through the core path, and its answer line. */
  private String update(String host, List<InetAddress> addresses, String token,
      DynDnsCall call) {
    Optional<Name> name = fqdn(host);
    if (name.isEmpty()) {
      return DynDnsAnswer.NOTFQDN;
    }
    Optional<Name> zone = store.findZone(name.get());
    if (zone.isEmpty()) {
      return DynDnsAnswer.NOHOST;
    }
    UpdateHandler.Applied applied = updates.applyUnsigned(new UpdateRequest(zone.get(),
        List.of(), changes(name.get(), addresses), TOKEN_PREFIX + token,
        call.context().clientDescription() + " (dyndns2)"));
    String set = addresses.stream().map(InetAddress::getHostAddress)
        .collect(Collectors.joining(","));
    return switch (applied.verdict().rcode()) {
      case Rcode.NOERROR -> (applied.changed() ? DynDnsAnswer.GOOD : DynDnsAnswer.NOCHG)
          + " " + set;
      case Rcode.REFUSED, Rcode.NOTAUTH, Rcode.NOTZONE -> refused(host, token, applied);
      default -> serverError(host, applied);
    };
  }

  private static String refused(String host, String token, UpdateHandler.Applied applied) {
    LOG.log(Level.INFO, "dyndns2 update of {0} by token {1} refused: {2}",
        new Object[] {host, token, applied.verdict().reason()});
    return DynDnsAnswer.NOHOST;
  }

  private static String serverError(String host, UpdateHandler.Applied applied) {
    LOG.log(Level.WARNING, "dyndns2 update of {0} failed ({1}): {2}", new Object[] {host,
        Rcode.string(applied.verdict().rcode()), applied.verdict().reason()});
    return DynDnsAnswer.SERVER_ERROR;
  }

  /** RFC 2136 §2.5.2 and §2.5.1: delete the RRset of each family given, then add its address. */
  private static List<Record> changes(Name host, List<InetAddress> addresses) {
    List<Record> changes = new ArrayList<>();
    for (InetAddress address : addresses) {
      changes.add(Record.newRecord(host, type(address), DClass.ANY, 0));
    }
    for (InetAddress address : addresses) {
      changes.add(address instanceof Inet4Address
          ? new ARecord(host, DClass.IN, TTL, address)
          : new AAAARecord(host, DClass.IN, TTL, address));
    }
    return changes;
  }

  private static int type(InetAddress address) {
    return address instanceof Inet4Address ? Type.A : Type.AAAA;
  }

  /** A host name of two labels or more, absolute whether or not it ends in a dot. */
  private static Optional<Name> fqdn(String host) {
    try {
      Name name = Name.fromString(host, Name.root);
      return name.labels() >= 3 && !name.isWild() ? Optional.of(name) : Optional.empty();
    } catch (TextParseException e) {
      return Optional.empty();
    }
  }
}
