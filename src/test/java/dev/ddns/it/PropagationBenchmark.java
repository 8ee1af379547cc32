package dev.ddns.it;

import dev.ddns.testing.tools.BindSecondary;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.FreePorts;
import dev.ddns.testing.tools.KnotSecondary;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.Secondary;
import dev.ddns.testing.tools.ToolProcess;
import dev.ddns.testing.tools.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Propagation latency (bench/propagation): {@code ddns local} on DynamoDB Local notifying a BIND
 * and a Knot secondary on loopback; for each update, the time from nsupdate's answer (its exit)
 * until each secondary answers the new record, polled every {@link #POLL_MS} ms over UDP.
 *
 * <p>Arguments: {@code [updates] [warmup] [markdown file]}; defaults 50, 5, none.
 */
public final class PropagationBenchmark {
  private static final int POLL_MS = 2;
  private static final long GIVE_UP_NANOS = 30_000_000_000L;

  private PropagationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path markdown = args.length > 2 ? Path.of(args[2]) : null;
    Path dir = Files.createTempDirectory("propagation-");
    int bindPort = FreePorts.tcpAndUdp();
    int knotPort = FreePorts.tcpAndUdp();
    try (LocalDdns ddns = LocalDdns.start(dir, List.of(),
            List.of("--notify", "127.0.0.1:" + bindPort + ",127.0.0.1:" + knotPort));
        BindSecondary bind = new BindSecondary(Files.createDirectories(dir.resolve("bind")),
            bindPort, ddns.dnsPort(), ddns.localKey(), ddns.notifyKey());
        KnotSecondary knot = new KnotSecondary(Files.createDirectories(dir.resolve("knot")),
            knotPort, ddns.dnsPort(), ddns.localKey(), ddns.notifyKey())) {
      bind.start(java.time.Duration.ofSeconds(60));
      knot.start(java.time.Duration.ofSeconds(60));
      List<Double> bindMs = new ArrayList<>();
      List<Double> knotMs = new ArrayList<>();
      for (int i = 1; i <= warmup + updates; i++) {
        String host = "bench" + i + "." + DemoZone.NAME;
        Nsupdate.run(Nsupdate.Auth.k(ddns.localKey()), DnsWire.Transport.UDP,
            Nsupdate.script(ddns.dnsPort(), "update add " + host + " 300 A 192.0.2." + (i % 250)))
            .assertSuccess();
        long answered = System.nanoTime();
        Name name = Name.fromConstantString(host);
        CompletableFuture<Double> b = CompletableFuture.supplyAsync(() -> until(bind, name, answered));
        CompletableFuture<Double> k = CompletableFuture.supplyAsync(() -> until(knot, name, answered));
        if (i > warmup) {
          bindMs.add(b.join());
          knotMs.add(k.join());
        } else {
          CompletableFuture.allOf(b, k).join();
        }
      }
      String table = table(updates, bindMs, knotMs);
      System.out.println(table);
      if (markdown != null) {
        Files.writeString(markdown, table);
      }
    }
  }

  /** Milliseconds from {@code start} until {@code secondary} answers {@code name}. */
  private static double until(Secondary secondary, Name name, long start) {
    while (System.nanoTime() - start < GIVE_UP_NANOS) {
      if (!secondary.answer(name, Type.A).isEmpty()) {
        return (System.nanoTime() - start) / 1e6;
      }
      ToolProcess.pause(POLL_MS);
    }
    throw new IllegalStateException(secondary.name() + " never answered " + name + "\n"
        + secondary.diagnostics());
  }

  private static String table(int updates, List<Double> bind, List<Double> knot) {
    return "| secondary | updates | p50 | p99 | max |\n"
        + "|---|---:|---:|---:|---:|\n"
        + row("BIND " + version("named", "-v"), updates, bind)
        + row("Knot " + version("knotd", "--version"), updates, knot);
  }

  private static String row(String name, int updates, List<Double> ms) {
    List<Double> sorted = new ArrayList<>(ms);
    sorted.sort(null);
    return String.format(Locale.ROOT, "| %s | %d | %.0f ms | %.0f ms | %.0f ms |%n", name, updates,
        percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  static String version(String tool, String flag) {
    String out = Exec.run(List.of(Tools.find(tool, tool).toString(), flag), "").output().trim();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+\\.\\d+\\.\\d+").matcher(out);
    return m.find() ? m.group() : "";
  }
}
