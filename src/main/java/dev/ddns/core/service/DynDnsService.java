package dev.ddns.core.service;

import dev.ddns.core.model.IpAddress;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.policy.Requester;
import dev.ddns.core.port.HashedToken;
import dev.ddns.core.port.StoreException;
import dev.ddns.core.port.TokenStore;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.update.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The dyndns2 protocol (docs/clients.md) over the update path of {@link DnsService}: the call's
 * token is checked, then each host becomes an ordinary RFC 2136 UPDATE of its zone (delete the
 * RRset of each address family given, add the address), asked by the {@link Requester.Token} and
 * evaluated by the same processor under the zone's update policy, journaled, and NOTIFYed like any
 * other. The answers are the protocol's words: a policy refusal and a host in no served zone are
 * alike {@code nohost}, so a token learns nothing about names it may not change; whether an
 * applied update was {@code good} or {@code nochg} is told only after the policy allowed it.
 */
public final class DynDnsService {
  /** The most hosts one call may name (the protocol's {@code numhost} bound). */
  public static final int MAX_HOSTS = 20;
  /** How the journal names a token: {@code token:NAME}, as the update policy does. */
  public static final String TOKEN_PREFIX = "token:";

  private static final Logger LOG = LoggerFactory.getLogger(DynDnsService.class);

  private final DnsService service;
  private final ZoneStore store;
  private final TokenStore tokens;
  private final NamedBuckets<String> calls;
  private final NamedBuckets<String> failures;

  DynDnsService(DnsService service, ZoneStore store, TokenStore tokens, Clock clock,
      DynDnsLimits limits) {
    this.service = service;
    this.store = store;
    this.tokens = tokens;
    this.calls = new NamedBuckets<>(limits.callRate(), limits.callBurst(), clock);
    this.failures = new NamedBuckets<>(limits.failureRate(), limits.failureBurst(), clock);
  }

  /** Answers one call; never throws: a store failure is {@code 911}, with nothing applied. */
  public DynDnsAnswer handle(DynDnsCall call) {
    try {
      return answer(call);
    } catch (StoreException e) {
      LOG.warn("dyndns2 call from {}: store failure, answering 911: {}",
          call.context().clientDescription(), e.getMessage());
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
    List<IpAddress> addresses = DynDnsAddresses.of(call.myip(),
        IpAddress.ofClient(call.context().client()));
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
    LOG.info("dyndns2 call from {}: bad credentials for token \"{}\"{}",
        call.context().clientDescription(), name, withinRate ? "" : " (over the failure rate)");
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

  /**
   * One host's update through the core path, and its answer line. The host's records are read
   * before the update and compared only once the update succeeded, to tell {@code good} from
   * {@code nochg}; a concurrent change may make that word wrong, never the records.
   */
  private String update(String host, List<IpAddress> addresses, String token,
      DynDnsCall call) {
    Optional<Name> name = fqdn(host);
    if (name.isEmpty()) {
      return DynDnsAnswer.NOTFQDN;
    }
    Optional<ZoneReader> zone = store.findZone(name.get()).flatMap(store::open);
    if (zone.isEmpty()) {
      return DynDnsAnswer.NOHOST;
    }
    List<Record> wanted = records(name.get(), addresses,
        zone.get().head().settings().dyndnsTtl());
    boolean same = holds(zone.get(), name.get(), wanted);
    Update update = new Update(zone.get().head().zone());
    for (Record record : wanted) {
      update.delete(name.get(), record.getType());
    }
    wanted.forEach(update::add);
    Verdict verdict = service.update(update, new Requester.Token(token),
        call.context().clientDescription() + " (dyndns2)");
    String set = addresses.stream().map(IpAddress::toString).collect(Collectors.joining(","));
    return switch (verdict.rcode()) {
      case Rcode.NOERROR -> (same ? DynDnsAnswer.NOCHG : DynDnsAnswer.GOOD) + " " + set;
      case Rcode.REFUSED, Rcode.NOTAUTH, Rcode.NOTZONE -> refused(host, token, verdict);
      default -> serverError(host, verdict);
    };
  }

  private static String refused(String host, String token, Verdict verdict) {
    LOG.info("dyndns2 update of {} by token {} refused: {}", host, token, verdict.reason());
    return DynDnsAnswer.NOHOST;
  }

  private static String serverError(String host, Verdict verdict) {
    LOG.warn("dyndns2 update of {} failed ({}): {}", host, Rcode.string(verdict.rcode()),
        verdict.reason());
    return DynDnsAnswer.SERVER_ERROR;
  }

  /** True when {@code name} holds exactly {@code wanted} in each of its types, TTL included. */
  private static boolean holds(ZoneReader zone, Name name, List<Record> wanted) {
    Optional<Node> node = zone.node(name);
    for (Record record : wanted) {
      Optional<RecordSet> set = node.flatMap(n -> n.rrset(record.getType()));
      if (set.isEmpty() || set.get().size() != 1 || set.get().ttl() != record.getTTL()
          || !set.get().records().get(0).rdataToString().equals(record.rdataToString())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The address records of a call, at the zone's dyndns2 TTL: RFC 2136 §2.5.1 additions, after
   * §2.5.2 RRset deletions.
   */
  private static List<Record> records(Name host, List<IpAddress> addresses, long ttl) {
    List<Record> records = new ArrayList<>();
    for (IpAddress address : addresses) {
      records.add(Record.newRecord(host, address.isV4() ? Type.A : Type.AAAA, DClass.IN, ttl,
          address.bytes()));
    }
    return records;
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
