package dev.ddns.bench;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.core.tsig.TsigKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Update;

/**
 * Legitimate signed updates while slow clients hold a server's connections ({@code bench/flood}
 * scenarios {@code slow-http} and {@code trickle-tcp}): starts the attack ({@link SlowClients}),
 * then sends signed UPDATEs at a fixed rate, alternately over UDP and TCP (TCP only for the
 * trickle, which attacks TCP), each with a 2 s timeout and no retry, and prints one Markdown row:
 * how many the server closed on, the updates' answered share and their p50/p99 latency.
 *
 * <pre>
 * java -cp ... dev.ddns.bench.SlowClientsBench --port 5053 --http-port 8053 --key-file k.key \
 *     --attack slow-http|trickle-tcp [--clients 100] [--sources 64] [--rate 20] [--seconds 30]
 * </pre>
 */
public final class SlowClientsBench {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private SlowClientsBench() {}

  public static void main(String[] args) throws Exception {
    int port = 5053;
    int httpPort = 8053;
    Path keyFile = Path.of("ddns-local.key");
    Name zone = Name.fromConstantString("example.test.");
    String attack = "trickle-tcp";
    int clients = 1000;
    int sources = 64;
    int rate = 20;
    int seconds = 30;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value);
        case "--http-port" -> httpPort = Integer.parseInt(value);
        case "--key-file" -> keyFile = Path.of(value);
        case "--zone" -> zone = Name.fromString(value);
        case "--attack" -> attack = value;
        case "--clients" -> clients = Integer.parseInt(value);
        case "--sources" -> sources = Integer.parseInt(value);
        case "--rate" -> rate = Integer.parseInt(value);
        case "--seconds" -> seconds = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    TsigKey key = BindKeyFile.parse(Files.readString(keyFile)).get(0);
    InetSocketAddress dns = new InetSocketAddress("127.0.0.1", port);
    boolean trickle = attack.equals("trickle-tcp");
    Duration length = Duration.ofSeconds(seconds + 5);
    long start = System.nanoTime();
    SlowClients slow = trickle
        ? SlowClients.trickleTcp(dns, clients, SlowClients.loopbackSources(sources),
            Duration.ofSeconds(1), length, true)
        : SlowClients.slowHttpBodies(new InetSocketAddress("127.0.0.1", httpPort), clients,
            Duration.ofSeconds(1), length, true);
    double openSeconds = (System.nanoTime() - start) / 1e9;
    ExecutorService senders = Executors.newFixedThreadPool(64);
    List<Future<Long>> sent = new ArrayList<>();
    long begin = System.nanoTime();
    for (int n = 0; n < rate * seconds; n++) {
      long due = begin + (long) (n * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      int number = n;
      boolean tcp = trickle || n % 2 == 1;
      Name z = zone;
      sent.add(senders.submit(() -> update(dns, key, z, number, tcp)));
    }
    long[] latencies = new long[sent.size()];
    int answered = 0;
    for (Future<Long> f : sent) {
      long nanos = f.get();
      if (nanos >= 0) {
        latencies[answered++] = nanos;
      }
    }
    long opened = slow.opened();
    long closed = slow.closedByServer();
    slow.close();
    senders.shutdown();
    long[] sorted = Arrays.copyOf(latencies, answered);
    Arrays.sort(sorted);
    System.out.println("| attack | slow clients | connections opened (closed by the server) "
        + "| signed updates | answered NOERROR | p50 (ms) | p99 (ms) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    System.out.println(String.format(Locale.ROOT,
        "| %s | %,d (opened in %.1f s) | %,d (%,d) | %,d | %,d (%.1f %%) | %.1f | %.1f |",
        attack, clients, openSeconds, opened, closed, sent.size(),
        answered, 100.0 * answered / Math.max(1, sent.size()), percentile(sorted, 0.5),
        percentile(sorted, 0.99)));
  }

  /** Sends update {@code n}; its latency in nanoseconds, or -1 when not answered NOERROR. */
  private static long update(InetSocketAddress dns, TsigKey key, Name zone, int n, boolean tcp) {
    try {
      SimpleResolver resolver = new SimpleResolver(dns);
      resolver.setLocalAddress(InetAddress.getByName("127.0.0.1"));
      resolver.setTCP(tcp);
      resolver.setTimeout(TIMEOUT);
      resolver.setTSIGKey(key.signer(Clock.systemUTC()));
      Update update = new Update(zone);
      Name owner = Name.fromConstantString("slow-" + (n % 500) + "." + zone);
      if (n % 1000 < 500) {
        update.add(new ARecord(owner, DClass.IN, 60, InetAddress.getByName("192.0.2.3")));
      } else {
        update.delete(owner);
      }
      long start = System.nanoTime();
      Message reply = resolver.send(update);
      return reply.getRcode() == Rcode.NOERROR ? System.nanoTime() - start : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
