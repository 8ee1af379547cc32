package dev.ddns.it;

import static dev.ddns.it.PropagationBenchmark.percentile;
import static dev.ddns.it.PropagationBenchmark.version;

import dev.ddns.testing.tools.BindSigner;
import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.DnsWire;
import dev.ddns.testing.tools.FreePorts;
import dev.ddns.testing.tools.KnotSigner;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Nsupdate;
import dev.ddns.testing.tools.Secondary;
import dev.ddns.testing.tools.SignedZone;
import dev.ddns.testing.tools.ToolProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Propagation to signing secondaries (bench/signing-propagation, docs/dnssec.md): {@code ddns
 * local} on DynamoDB Local notifying a BIND and a Knot signing secondary on loopback; for each
 * update, the time from nsupdate's answer (its exit) until each signer answers the new record
 * with its RRSIG (polled every {@link #POLL_MS} ms over UDP), and until delv, with the signer's
 * key as trust anchor, reports the answer fully validated (delv run again until it does; the
 * time includes that last delv run, which is also reported alone).
 *
 * <p>Arguments: {@code [updates] [warmup] [markdown file]}; defaults 50, 5, none.
 */
public final class SigningPropagationBenchmark {
  private static final int POLL_MS = 2;
  private static final long GIVE_UP_NANOS = 30_000_000_000L;
  private static final Duration START = Duration.ofSeconds(60);

  private SigningPropagationBenchmark() {}

  /** One update at one signer: milliseconds to the signed answer, to delv's validation, of delv. */
  private record Sample(double signedMs, double validatedMs, double delvMs) {}

  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path markdown = args.length > 2 ? Path.of(args[2]) : null;
    Path dir = Files.createTempDirectory("signing-propagation-");
    int bindPort = FreePorts.tcpAndUdp();
    int knotPort = FreePorts.tcpAndUdp();
    try (LocalDdns ddns = LocalDdns.start(dir, List.of(),
            List.of("--notify", "127.0.0.1:" + bindPort + ",127.0.0.1:" + knotPort));
        BindSigner bind = new BindSigner(Files.createDirectories(dir.resolve("bind")),
            bindPort, ddns.dnsPort(), ddns.localKey(), ddns.notifyKey());
        KnotSigner knot = new KnotSigner(Files.createDirectories(dir.resolve("knot")),
            knotPort, ddns.dnsPort(), ddns.localKey(), ddns.notifyKey())) {
      bind.start(START);
      knot.start(START);
      SignedZone bindZone = SignedZone.await(bind, dir.resolve("bind-anchor.conf"), START);
      SignedZone knotZone = SignedZone.await(knot, dir.resolve("knot-anchor.conf"), START);
      List<Sample> bindSamples = new ArrayList<>();
      List<Sample> knotSamples = new ArrayList<>();
      for (int i = 1; i <= warmup + updates; i++) {
        String host = "bench" + i + "." + DemoZone.NAME;
        Nsupdate.run(Nsupdate.Auth.k(ddns.localKey()), DnsWire.Transport.UDP,
            Nsupdate.script(ddns.dnsPort(), "update add " + host + " 300 A 192.0.2." + (i % 250)))
            .assertSuccess();
        long answered = System.nanoTime();
        CompletableFuture<Sample> b = CompletableFuture.supplyAsync(
            () -> until(bindZone, bind, host, answered));
        CompletableFuture<Sample> k = CompletableFuture.supplyAsync(
            () -> until(knotZone, knot, host, answered));
        Sample bindSample = b.join();
        Sample knotSample = k.join();
        if (i > warmup) {
          bindSamples.add(bindSample);
          knotSamples.add(knotSample);
        }
      }
      String table = table(updates, bindSamples, knotSamples);
      System.out.println(table);
      if (markdown != null) {
        Files.writeString(markdown, table);
      }
    }
  }

  private static Sample until(SignedZone zone, Secondary signer, String host, long start) {
    Name name = Name.fromConstantString(host);
    while (!zone.answersSigned(name, Type.A)) {
      giveUpAfter(start, signer, host);
      ToolProcess.pause(POLL_MS);
    }
    double signed = sinceMs(start);
    while (true) {
      long delvStart = System.nanoTime();
      if (zone.validate(host, "A").fullyValidated()) {
        return new Sample(signed, sinceMs(start), sinceMs(delvStart));
      }
      giveUpAfter(start, signer, host);
    }
  }

  private static void giveUpAfter(long start, Secondary signer, String host) {
    if (System.nanoTime() - start > GIVE_UP_NANOS) {
      throw new IllegalStateException(signer.name() + " never served " + host + " validated\n"
          + signer.diagnostics());
    }
  }

  private static double sinceMs(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static String table(int updates, List<Sample> bind, List<Sample> knot) {
    return "| signer | updates | signed answer p50 | p99 | validated p50 | p99 | max "
        + "| delv run p50 |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|\n"
        + row("BIND " + version("named", "-v") + ", inline-signing", updates, bind)
        + row("Knot " + version("knotd", "--version") + ", automatic signing", updates, knot);
  }

  private static String row(String name, int updates, List<Sample> samples) {
    List<Double> signed = sorted(samples.stream().map(Sample::signedMs).toList());
    List<Double> validated = sorted(samples.stream().map(Sample::validatedMs).toList());
    List<Double> delv = sorted(samples.stream().map(Sample::delvMs).toList());
    return String.format(Locale.ROOT,
        "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |%n", name, updates,
        percentile(signed, 50), percentile(signed, 99), percentile(validated, 50),
        percentile(validated, 99), validated.get(validated.size() - 1), percentile(delv, 50));
  }

  private static List<Double> sorted(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted;
  }
}
