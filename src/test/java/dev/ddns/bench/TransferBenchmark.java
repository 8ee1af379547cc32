package dev.ddns.bench;

import dev.ddns.adapter.dns.TcpFraming;
import dev.ddns.adapter.dynamodb.DynamoZoneStore;
import dev.ddns.adapter.dynamodb.ZoneTable;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.http.DohRequest;
import dev.ddns.adapter.http.DohResponse;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.RequestContext;
import dev.ddns.core.service.TransferPaging;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.local.DynamoDbLocalServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Paged zone transfer page times on DynamoDB Local (docs/transfers.md, "Paging").
 *
 * <p>Starts DynamoDB Local in this JVM, served over HTTP on 127.0.0.1 in memory, as
 * {@code bench/zone-size} does, and a {@link DynamoZoneStore} on the URL-connection client whose
 * reads are counted by {@link ReadUnits} (AWS's billing rules). For each size it creates a zone of
 * that many records ({@link ZoneSizeBenchmark#load}), then runs one TSIG-signed AXFR through
 * {@link DohCodec} exactly as the relay drives a paged transfer: the same request bytes posted
 * with {@code X-Ddns-Transport: tcp}, then again with each page's {@code X-Ddns-Continue} token
 * until a page comes without one. Each page is timed in the codec (the handler's work, without
 * HTTP or base64); afterwards, untimed, its messages are checked as one TSIG stream with dnsjava's
 * verifier and their records counted. It reports per size the page count, p50 and max page time,
 * total time, bytes per page and read units per page and in all.
 *
 * <pre>
 * bench/transfer [--sizes 200003,1000000] [--page-limit BYTES] [--page-millis MS]
 *                [--markdown FILE]
 * </pre>
 */
public final class TransferBenchmark {
  /** The relay's key: the benchmark posts as the relay does, with attested hints. */
  private static final TsigKey RELAY_KEY = TsigKey.of("_relay.bench.", "hmac-sha256",
      "YmVuY2gtcmVsYXkta2V5LWJlbmNoLXJlbGF5LWtleS0=");

  static final String TABLE = "ddns-transfer-bench";

  record Page(long nanos, int bytes, int messages, int records, String rcode,
      ReadUnits.Usage reads) {}

  record Result(long size, double loadSeconds, List<Page> pages, boolean complete,
      String problem) {
    double p50() {
      long[] sorted = pages.stream().mapToLong(Page::nanos).sorted().toArray();
      return sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2] / 1e6;
    }

    double max() {
      return pages.stream().mapToLong(Page::nanos).max().orElse(0) / 1e6;
    }

    double total() {
      return pages.stream().mapToLong(Page::nanos).sum() / 1e6;
    }

    double units() {
      return pages.stream().mapToDouble(p -> p.reads().units()).sum();
    }

    long records() {
      return pages.stream().mapToLong(Page::records).sum();
    }
  }

  public static void main(String[] args) {
    BenchMain.exit(TransferBenchmark::run, args);
  }

  static int run(String[] args) throws Exception {
    List<Long> sizes = List.of(200_003L, 1_000_000L);
    int pageLimit = DohCodec.LAMBDA_PAGE_LIMIT;
    Duration pageTime = TransferPaging.DEFAULT_PAGE_TIME;
    Path markdown = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(String::trim)
            .map(s -> s.replace("_", "")).map(Long::parseLong).toList();
        case "--page-limit" -> pageLimit = Integer.parseInt(args[++i]);
        case "--page-millis" -> pageTime = Duration.ofMillis(Long.parseLong(args[++i]));
        case "--markdown" -> markdown = Path.of(args[++i]);
        default -> {
          System.err.println("usage: TransferBenchmark [--sizes 200003,1000000] "
              + "[--page-limit BYTES] [--page-millis MS] [--markdown FILE]");
          return 2;
        }
      }
    }
    PrintStream out = System.out;
    Clock clock = Clock.systemUTC();
    TsigKey key = TsigKey.of("bench-key.", "hmac-sha256", ZoneSizeBenchmark.SECRET);
    List<Result> results = new ArrayList<>();
    ReadUnits reads = new ReadUnits();
    try (DynamoDbLocalServer ddb = DynamoDbLocalServer.start(0, Optional.empty());
        DynamoDbClient client = DynamoDbClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("local", "local")))
            .overrideConfiguration(o -> o.addExecutionInterceptor(reads)).build()) {
      out.printf("DynamoDB Local on %s (in memory); page limit %,d bytes, page time %d ms%n",
          ddb.endpoint(), pageLimit, pageTime.toMillis());
      ZoneTable.ensureExists(client, TABLE);
      DynamoZoneStore store = new DynamoZoneStore(client, TABLE, clock);
      StaticKeyStore keys = new StaticKeyStore(List.of(key, RELAY_KEY));
      DnsService service = new DnsService(store, keys, clock);
      DohCodec codec = new DohCodec(service::handle, pageLimit, pageTime,
          new RelayAttestation(keys, clock));
      for (long size : sizes) {
        Name zone = ZoneSizeBenchmark.zoneName(size);
        double load = ZoneSizeBenchmark.load(store, zone, size, out);
        results.add(transfer(codec, reads, key, clock, zone, size, load, out));
      }
    }
    BenchMain.publish(report(results, pageLimit, pageTime), out, markdown);
    return results.stream().allMatch(Result::complete) ? 0 : 1;
  }

  /** One signed AXFR of {@code zone}, page by page as the relay asks for them. */
  static Result transfer(DohCodec codec, ReadUnits reads, TsigKey key, Clock clock, Name zone,
      long size, double load, PrintStream out) throws Exception {
    Message query = Message.newQuery(Record.newRecord(zone, Type.AXFR, DClass.IN));
    query.setTSIG(key.signer(clock));
    byte[] wire = query.toWire(RequestContext.MAX_MESSAGE);
    TSIG.StreamVerifier verifier =
        new TSIG.StreamVerifier(key.signer(clock), new Message(wire).getTSIG());
    List<Page> pages = new ArrayList<>();
    Optional<String> token = Optional.empty();
    out.printf("zone %s: AXFR in pages ...%n", zone);
    do {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", DohCodec.DNS_MESSAGE);
      headers.put(DohCodec.TRANSPORT_HEADER, "tcp");
      headers.put(DohCodec.CLIENT_HEADER, "127.0.0.1:53000");
      token.ifPresent(t -> headers.put(DohCodec.CONTINUE_HEADER, t));
      headers.put(DohCodec.ATTESTATION_HEADER, RelayAttestation.sign(RELAY_KEY, clock.instant(),
          new RelayAttestation.Facts(headers.get(DohCodec.CLIENT_HEADER), "tcp",
              Optional.empty(), token), wire));
      DohRequest request = new DohRequest("POST", DohCodec.PATH, "", headers, wire, "127.0.0.1");
      ReadUnits.Usage before = reads.snapshot();
      long t0 = System.nanoTime();
      DohResponse response = codec.handle(request);
      long nanos = System.nanoTime() - t0;
      ReadUnits.Usage used = reads.snapshot().minus(before);
      if (response.status() != 200) {
        return new Result(size, load, pages, false, "HTTP " + response.status() + " on page "
            + (pages.size() + 1));
      }
      List<byte[]> messages = TcpFraming.unframe(response.body());
      int records = 0;
      String rcode = "NOERROR";
      for (byte[] m : messages) {
        Message message = new Message(m);
        if (message.getRcode() != Rcode.NOERROR) {
          rcode = Rcode.string(message.getRcode());
        }
        int verified = verifier.verify(message, m);
        if (verified != Rcode.NOERROR) {
          rcode = "TSIG " + Rcode.TSIGstring(verified);
        }
        records += message.getSection(Section.ANSWER).size();
      }
      Page page = new Page(nanos, response.body().length, messages.size(), records, rcode, used);
      pages.add(page);
      out.printf(Locale.ROOT, "  page %d: %.0f ms, %,d bytes, %d messages, %,d records, %s; "
              + "%.1f RCU, %d Query, %d GetItem, %,d items read, slowest call %.0f ms%n",
          pages.size(), nanos / 1e6, page.bytes(), page.messages(), records, rcode,
          used.units(), used.queries(), used.gets(), used.itemsRead(),
          used.slowestNanos() / 1e6);
      if (!rcode.equals("NOERROR")) {
        return new Result(size, load, pages, false, rcode + " on page " + pages.size());
      }
      token = Optional.ofNullable(response.headers().get(DohCodec.CONTINUE_HEADER));
    } while (token.isPresent());
    Result result = new Result(size, load, pages, true, "");
    long expected = size + 1;
    if (result.records() != expected) {
      return new Result(size, load, pages, false, result.records() + " records, expected "
          + expected + " (SOA twice)");
    }
    return result;
  }

  static String report(List<Result> results, int pageLimit, Duration pageTime) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "One TSIG-signed AXFR per zone through the DoH codec, "
        + "paged at %,d bytes (page time %d ms) as the relay asks for it; page time is the "
        + "handler's.%n%n", pageLimit, pageTime.toMillis()));
    s.append("| records | pages | p50 page | max page | total | bytes per page (max) "
        + "| read units per page (max) | read units in all | complete |\n");
    s.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Result r : results) {
      long maxBytes = r.pages().stream().mapToLong(Page::bytes).max().orElse(0);
      double maxUnits = r.pages().stream().mapToDouble(p -> p.reads().units()).max().orElse(0);
      s.append(String.format(Locale.ROOT,
          "| %,d | %d | %.0f ms | %.0f ms | %.1f s | %,d | %,.0f | %,.0f | %s |%n", r.size(),
          r.pages().size(), r.p50(), r.max(), r.total() / 1000, maxBytes, maxUnits, r.units(),
          r.complete() ? "yes" : "no: " + r.problem()));
    }
    s.append(String.format(Locale.ROOT, "%nRead units by AWS's rules (bench/ReadUnits: Query "
        + "item sizes summed per response, rounded up to 4 KB; strongly consistent 1 unit per "
        + "4 KB, eventually consistent half), not DynamoDB Local's reports.%n"));
    return s.toString();
  }
}
