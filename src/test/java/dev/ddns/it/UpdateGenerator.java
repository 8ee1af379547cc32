package dev.ddns.it;

import dev.ddns.testing.tools.DemoZone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A seeded stream of RFC 2136 UPDATE messages for {@link DemoZone}: every prerequisite form
 * (§2.4.1–2.4.5) and update operation (§2.5.1–2.5.4), valid and malformed, over a small pool
 * of owner names (so that CNAME conflicts, duplicates and TTL changes happen), in mixed case.
 * Value-dependent prerequisites are often taken from the zone's current content, so that
 * they hold as often as they fail.
 */
final class UpdateGenerator {
  static final Name ZONE = Name.fromConstantString(DemoZone.NAME);

  /** Owner names relative to the zone; "@" is the apex. */
  static final List<String> OWNERS = List.of(
      "@", "@", "www", "mail", "a.b", "b", "*.wild", "x.wild", "ns1", "host", "alias", "sub");

  private static final List<String> OUT_OF_ZONE = List.of(
      "www.example.org.", "example.test.org.", "test.", "other.test.");

  private static final Map<Integer, List<String>> RDATA = Map.ofEntries(
      Map.entry(Type.A, List.of("192.0.2.1", "192.0.2.2", "127.0.0.1")),
      Map.entry(Type.AAAA, List.of("2001:db8::1", "2001:db8::2")),
      Map.entry(Type.TXT, List.of(
          "\"hello world\"", "\"v=spf1 -all\"", "\"first\" \"second part\" \"third\"", "\"\"")),
      Map.entry(Type.MX, List.of("10 mail.example.test.", "20 MX.Example.NET.")),
      Map.entry(Type.CNAME, List.of("www.example.test.", "target.example.net.")),
      Map.entry(Type.NS, List.of("ns1.example.test.", "ns2.example.test.", "NS.Example.NET.")),
      Map.entry(Type.PTR, List.of("host.example.test.", "ptr.example.net.")),
      Map.entry(Type.SRV, List.of("0 5 5060 sip.example.test.", "10 60 443 www.example.test.")),
      Map.entry(Type.CAA, List.of("0 issue \"letsencrypt.org\"", "128 iodef \"mailto:a@b.test\"")),
      Map.entry(Type.SSHFP, List.of("1 1 0123456789abcdef0123456789abcdef01234567")),
      Map.entry(Type.HINFO, List.of("\"PC\" \"Linux\"")),
      Map.entry(Type.SOA, List.of(
          "ns1.example.test. hostmaster.example.test. 1 3600 900 604800 300",
          "ns1.example.test. hostmaster.example.test. 1000 3600 900 604800 300",
          "ns1.example.test. hostmaster.example.test. 2000000 3600 900 604800 300",
          "ns1.example.test. hostmaster.example.test. 4000000000 3600 900 604800 300",
          "NS1.example.test. admin.example.test. 3000000 7200 900 604800 60")));

  private static final List<Integer> TYPES = List.of(
      Type.A, Type.A, Type.AAAA, Type.TXT, Type.TXT, Type.MX, Type.CNAME, Type.CNAME, Type.NS,
      Type.PTR, Type.SRV, Type.CAA, Type.SSHFP, Type.HINFO, Type.SOA);

  private static final long[] TTLS = {0, 60, 300, 3600};

  /** One generated message and a short label of what it exercises. */
  record Generated(Message message, String label) {}

  private final Random random;
  private final Supplier<List<Record>> currentZone;
  private final List<String> labels = new ArrayList<>();

  UpdateGenerator(long seed, Supplier<List<Record>> currentZone) {
    this.random = new Random(seed);
    this.currentZone = currentZone;
  }

  Generated next() {
    labels.clear();
    Message message = new Message();
    message.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
    addZoneSection(message);
    int prerequisites = random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(3);
    for (int i = 0; i < prerequisites; i++) {
      prerequisite().forEach(record -> message.addRecord(record, Section.PREREQ));
    }
    int updates = random.nextInt(10) < 6 ? 1 : random.nextInt(5);
    for (int i = 0; i < updates; i++) {
      message.addRecord(update(), Section.UPDATE);
    }
    return new Generated(message, String.join(" ", labels));
  }

  // RFC 2136 §3.1.1: exactly one zone record, type SOA, naming a zone we are primary for.
  private void addZoneSection(Message message) {
    int roll = random.nextInt(100);
    if (roll < 94) {
      message.addRecord(Record.newRecord(mixedCase(ZONE), Type.SOA, DClass.IN), Section.ZONE);
    } else if (roll < 96) {
      labels.add("zone:other");
      message.addRecord(Record.newRecord(name("other.test."), Type.SOA, DClass.IN), Section.ZONE);
    } else if (roll < 97) {
      labels.add("zone:subdomain");
      message.addRecord(Record.newRecord(name("sub.example.test."), Type.SOA, DClass.IN), Section.ZONE);
    } else if (roll < 98) {
      labels.add("zone:type-A");
      message.addRecord(Record.newRecord(ZONE, Type.A, DClass.IN), Section.ZONE);
    } else if (roll < 99) {
      labels.add("zone:two");
      message.addRecord(Record.newRecord(ZONE, Type.SOA, DClass.IN), Section.ZONE);
      message.addRecord(Record.newRecord(ZONE, Type.SOA, DClass.IN), Section.ZONE);
    } else {
      labels.add("zone:none");
    }
  }

  private List<Record> prerequisite() {
    int roll = random.nextInt(100);
    if (roll >= 95) {
      return List.of(labeled("pre:notzone", Record.newRecord(outOfZone(), type(), DClass.ANY, 0)));
    }
    return roll % 6 == 0 ? valueDependentPrerequisite() : List.of(valueIndependentPrerequisite());
  }

  private Record valueIndependentPrerequisite() {
    Name owner = owner();
    int type = type();
    return switch (random.nextInt(10)) {
      case 0, 1 -> labeled("pre:name-in-use", Record.newRecord(owner, Type.ANY, DClass.ANY, 0));
      case 2, 3 -> labeled("pre:name-not-in-use", Record.newRecord(owner, Type.ANY, DClass.NONE, 0));
      case 4, 5 -> labeled("pre:rrset-exists", Record.newRecord(owner, type, DClass.ANY, 0));
      case 6, 7 -> labeled("pre:rrset-absent", Record.newRecord(owner, type, DClass.NONE, 0));
      case 8 -> labeled("pre:ttl-nonzero", Record.newRecord(owner, type, DClass.ANY, 300));
      default -> labeled("pre:rdata-in-" + (random.nextBoolean() ? "any" : "none"),
          record(owner, type, random.nextBoolean() ? DClass.ANY : DClass.NONE, 0, rdata(type)));
    };
  }

  // RFC 2136 §2.4.2: the whole RRset, TTL 0. Drawn from the zone most of the time.
  private List<Record> valueDependentPrerequisite() {
    List<Record> zone = currentZone.get();
    if (zone.isEmpty() || random.nextInt(4) == 0) {
      Name owner = owner();
      int type = type();
      long ttl = random.nextInt(8) == 0 ? 60 : 0;
      return List.of(labeled("pre:value-random", record(owner, type, DClass.IN, ttl, rdata(type))));
    }
    Record chosen = zone.get(random.nextInt(zone.size()));
    List<Record> rrset = new ArrayList<>();
    for (Record existing : zone) {
      if (existing.getName().equals(chosen.getName()) && existing.getType() == chosen.getType()) {
        rrset.add(record(mixedCase(existing.getName()), existing.getType(), DClass.IN, 0,
            existing.rdataToString()));
      }
    }
    if (rrset.size() > 1 && random.nextInt(4) == 0) {
      labels.add("pre:value-partial-rrset");
      return rrset.subList(1, rrset.size());
    }
    labels.add("pre:value-from-zone");
    return rrset;
  }

  private Record update() {
    int roll = random.nextInt(100);
    Name owner = roll < 97 ? owner() : outOfZone();
    int type = type();
    if (roll >= 97) {
      labels.add("up:notzone");
      return record(owner, type, DClass.IN, 300, rdata(type));
    }
    return switch (random.nextInt(22)) {
      case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 -> labeled("up:add-" + Type.string(type),
          record(owner, type, DClass.IN, ttl(), rdata(type)));
      case 10, 11, 12 -> labeled("up:delete-rrset-" + Type.string(type),
          Record.newRecord(owner, type, DClass.ANY, 0));
      case 13 -> labeled("up:delete-all", Record.newRecord(owner, Type.ANY, DClass.ANY, 0));
      case 14, 15, 16, 17 -> labeled("up:delete-rr-" + Type.string(type),
          record(owner, type, DClass.NONE, 0, rdata(type)));
      case 18, 19 -> apexNs();
      default -> malformedUpdate(owner, type);
    };
  }

  private Record apexNs() {
    String target = pick(RDATA.get(Type.NS));
    return random.nextBoolean()
        ? labeled("up:apex-ns-add", record(mixedCase(ZONE), Type.NS, DClass.IN, ttl(), target))
        : labeled("up:apex-ns-delete", record(mixedCase(ZONE), Type.NS, DClass.NONE, 0, target));
  }

  // RFC 2136 §3.4.1.3: each of these is FORMERR.
  private Record malformedUpdate(Name owner, int type) {
    return switch (random.nextInt(6)) {
      case 0 -> labeled("up:bad-any-ttl", Record.newRecord(owner, type, DClass.ANY, 300));
      case 1 -> labeled("up:bad-any-rdata", record(owner, type, DClass.ANY, 0, rdata(type)));
      case 2 -> labeled("up:bad-none-ttl", record(owner, type, DClass.NONE, 300, rdata(type)));
      case 3 -> labeled("up:bad-add-any", Record.newRecord(owner, Type.ANY, DClass.IN, 300));
      case 4 -> labeled("up:bad-add-axfr", Record.newRecord(owner, Type.AXFR, DClass.IN, 300));
      // TXT, whose wire form is the same in every class: BIND decodes CH A rdata as a
      // compressed name, so its answer to a CH A record depends on the bytes the pointer hits.
      default -> labeled("up:bad-class-ch", record(owner, Type.TXT, DClass.CH, 300, "chaos"));
    };
  }

  private Record labeled(String label, Record record) {
    labels.add(label);
    return record;
  }

  private Name owner() {
    String relative = pick(OWNERS);
    Name absolute = relative.equals("@") ? ZONE : name(relative + "." + DemoZone.NAME);
    return mixedCase(absolute);
  }

  private Name outOfZone() {
    return name(pick(OUT_OF_ZONE));
  }

  private int type() {
    return pick(TYPES);
  }

  private long ttl() {
    return TTLS[random.nextInt(TTLS.length)];
  }

  private String rdata(int type) {
    return pick(RDATA.get(type));
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private Name mixedCase(Name name) {
    StringBuilder text = new StringBuilder();
    for (char c : name.toString().toCharArray()) {
      text.append(random.nextInt(4) == 0 ? Character.toUpperCase(c) : c);
    }
    return name(text.toString());
  }

  private static Name name(String text) {
    return Name.fromConstantString(text);
  }

  private static Record record(Name owner, int type, int dclass, long ttl, String rdata) {
    try {
      return Record.fromString(owner, type, dclass, ttl, rdata, ZONE);
    } catch (IOException e) {
      throw new UncheckedIOException("bad rdata in the generator: " + rdata, e);
    }
  }
}
