package dev.ddns.testing;

import dev.ddns.adapter.memory.InMemoryZoneStore;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Zones and keys for tests: records written in zone-file syntax, one per line. */
public final class TestZone {
  public static final Name ZONE = Name.fromConstantString("example.test.");
  public static final TsigKey KEY =
      TsigKey.of("test-key.", "hmac-sha256", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=");

  /** The default test zone: SOA serial 1, two NS, and a few names. */
  public static final List<String> DEFAULT = List.of(
      "example.test. 3600 SOA ns1.example.test. hostmaster.example.test. 1 3600 900 604800 300",
      "example.test. 3600 NS ns1.example.test.",
      "example.test. 3600 NS ns2.example.test.",
      "ns1.example.test. 3600 A 192.0.2.1",
      "ns2.example.test. 3600 A 192.0.2.2",
      "www.example.test. 300 A 192.0.2.10",
      "www.example.test. 300 A 192.0.2.11",
      "alias.example.test. 300 CNAME www.example.test.",
      "txt.example.test. 300 TXT \"hello world\"");

  private TestZone() {}

  public static Record rr(String line) {
    try {
      String[] parts = line.trim().split("\\s+", 4);
      Name name = Name.fromString(parts[0], ZONE);
      long ttl = Long.parseLong(parts[1]);
      int type = org.xbill.DNS.Type.value(parts[2]);
      return Record.fromString(name, type, DClass.IN, ttl, parts[3], ZONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An in-memory store holding {@code lines} as zone example.test. with the serial policy. */
  public static InMemoryZoneStore store(List<String> lines, SerialPolicy policy) {
    InMemoryZoneStore store = new InMemoryZoneStore();
    load(store, lines, policy);
    return store;
  }

  /** Creates zone example.test. in {@code store} from {@code lines} (the SOA first). */
  public static void load(ZoneStore store, List<String> lines, SerialPolicy policy) {
    Map<Name, List<Record>> byName = new LinkedHashMap<>();
    for (String line : lines) {
      Record r = rr(line);
      byName.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
    }
    List<Node> nodes = new ArrayList<>();
    byName.forEach((name, records) -> nodes.add(Node.of(name, records)));
    long serial = ((org.xbill.DNS.SOARecord) rr(lines.get(0))).getSerial();
    store.create(new ZoneHead(ZONE, 0, serial, policy), nodes);
  }

  public static InMemoryZoneStore store() {
    return store(DEFAULT, SerialPolicy.INCREMENT);
  }

  public static StaticKeyStore keys() {
    return new StaticKeyStore(List.of(KEY));
  }
}
