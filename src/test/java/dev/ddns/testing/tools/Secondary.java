package dev.ddns.testing.tools;

import dev.ddns.core.notify.NotifyMessage;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * A secondary name server process (BIND, Knot, NSD or PowerDNS) for {@link DemoZone} on a
 * loopback port, with {@code ddns local}'s relay as its primary, configured as infra/secondaries
 * says ({@link InfraSecondaries}): it transfers the zone with the transfer key and accepts NOTIFY
 * only signed with the notify key. Its state lives in a folder, so a restart resumes from the
 * serial it had. Subclasses write the configuration and know the command line.
 */
public abstract class Secondary implements AutoCloseable {
  public static final Name ZONE = Name.fromConstantString(DemoZone.NAME);

  protected final Path dir;
  protected final int port;
  protected final int primaryPort;
  protected final TestKey key;
  protected final TestKey notifyKey;
  private final Path log;
  private ToolProcess process;

  /**
   * @param key the transfer key
   * @param notifyKey the key that NOTIFY must be signed with
   */
  protected Secondary(Path dir, int port, int primaryPort, TestKey key, TestKey notifyKey) {
    this.dir = dir;
    this.port = port;
    this.primaryPort = primaryPort;
    this.key = key;
    this.notifyKey = notifyKey;
    this.log = dir.resolve("server.log");
  }

  /** The configuration file's text. */
  protected abstract String config();

  /** The configuration file's name in the server's folder. */
  protected String configFileName() {
    return "server.conf";
  }

  /** Work before each start, once the configuration is written (none by default). */
  protected void prepare(Path configFile) {}

  /** The command line that runs the server in the foreground with that configuration. */
  protected abstract List<String> command(Path configFile);

  /** The server's name in messages. */
  public abstract String name();

  /** True when the server has applied an incremental transfer (IXFR, RFC 1995). */
  public abstract boolean usedIncrementalTransfer();

  /** Text that each zone transfer in, AXFR or IXFR, writes to the log once. */
  public abstract String transferMarker();

  /** Zone transfers in logged so far. */
  public int transfers() {
    return (int) log().lines().filter(l -> l.contains(transferMarker())
        && !l.contains("started")).count();
  }

  /** Writes the configuration and starts the server; returns once it answers for the zone. */
  public Secondary start(Duration timeout) {
    Path conf = dir.resolve(configFileName());
    ToolFiles.write(conf, config());
    prepare(conf);
    process = ToolProcess.start(command(conf), Map.of(), log);
    awaitSerial(s -> true, timeout);
    return this;
  }

  public int port() {
    return port;
  }

  /** The zone the server is a secondary of, whose serial {@link #start} waits for. */
  protected Name zone() {
    return ZONE;
  }

  /** The serial the server answers for the zone; empty while it has none. */
  public OptionalLong serial() {
    return serial(zone());
  }

  /**
   * The serial the server answers for the zone, asked again for up to 5 s while no answer comes
   * (a loaded machine may not answer a single quick query in time); fails when none does.
   */
  public long servedSerial() {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    OptionalLong serial = serial();
    while (serial.isEmpty() && System.nanoTime() < deadline) {
      ToolProcess.pause(20);
      serial = serial();
    }
    return serial.orElseThrow(() -> new AssertionError(name() + " answers no serial for "
        + zone() + ":\n" + diagnostics()));
  }

  /** The serial the server answers for {@code zone}; empty while it has none. */
  public OptionalLong serial(Name zone) {
    return answer(zone, Type.SOA).stream().mapToLong(r -> ((SOARecord) r).getSerial())
        .findFirst();
  }

  /** The records the server answers for {@code name} and {@code type} (empty on any error). */
  public List<Record> answer(Name name, int type) {
    byte[] query = Message.newQuery(Record.newRecord(name, type, DClass.IN)).toWire();
    Optional<byte[]> reply = DnsWire.udpQuick(port, query);
    if (reply.isEmpty()) {
      return List.of();
    }
    try {
      Message message = new Message(reply.get());
      return message.getRcode() == Rcode.NOERROR ? message.getSection(Section.ANSWER) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Polls until the zone's serial satisfies {@code wanted}; fails with the log after the timeout. */
  public void awaitSerial(java.util.function.LongPredicate wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name() + " exited:\n" + log());
      }
      OptionalLong serial = serial();
      if (serial.isPresent() && wanted.test(serial.getAsLong())) {
        return;
      }
      ToolProcess.pause(20);
    }
    throw new AssertionError(name() + " did not reach the wanted serial within " + timeout
        + " (has " + serial() + "):\n" + diagnostics());
  }

  /** Polls until the server answers {@code name} A; fails with both sides' logs after a timeout. */
  public void awaitAnswer(Name name, Duration timeout, Supplier<String> primaryDiagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!answer(name, Type.A).isEmpty()) {
        return;
      }
      ToolProcess.pause(20);
    }
    throw new AssertionError(name() + " does not answer " + name + " after " + timeout + "\n"
        + diagnostics() + "\n" + primaryDiagnostics.get());
  }

  /**
   * Polls until the server answers the SOA of {@code zone} with a serial that {@code wanted}
   * takes; fails with both sides' logs after the timeout.
   */
  public void awaitSerial(Name zone, java.util.function.LongPredicate wanted, Duration timeout,
      Supplier<String> primaryDiagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      OptionalLong serial = serial(zone);
      if (serial.isPresent() && wanted.test(serial.getAsLong())) {
        return;
      }
      ToolProcess.pause(50);
    }
    throw new AssertionError(name() + " does not serve " + zone + " as wanted after " + timeout
        + " (answers " + serial(zone) + ")\n" + diagnostics() + "\n" + primaryDiagnostics.get());
  }

  /** Polls until the server answers no SOA of {@code zone}; fails with both sides' logs. */
  public void awaitNoSerial(Name zone, Duration timeout, Supplier<String> primaryDiagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (serial(zone).isEmpty()) {
        return;
      }
      ToolProcess.pause(50);
    }
    throw new AssertionError(name() + " still serves " + zone + " after " + timeout + "\n"
        + diagnostics() + "\n" + primaryDiagnostics.get());
  }

  /** The configuration file as the last {@link #start} wrote it. */
  public String writtenConfig() {
    try {
      return Files.readString(dir.resolve(configFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The serial the server answers, asked until it answers (a busy machine is slow). */
  public long awaitAnySerial(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      OptionalLong serial = serial();
      if (serial.isPresent()) {
        return serial.getAsLong();
      }
      ToolProcess.pause(20);
    }
    throw new AssertionError(name() + " gives no serial\n" + diagnostics());
  }

  /**
   * Sends the server a NOTIFY for {@code soa} from 127.0.0.1, signed with {@code key} when there
   * is one; returns the answer's rcode, with the TSIG error after a slash when its TSIG record has
   * one.
   */
  public String notify(SOARecord soa, Optional<TsigKey> key) throws IOException {
    Message notify = NotifyMessage.build(soa, new SecureRandom().nextInt(1 << 16), key,
        Clock.systemUTC());
    byte[] answer = DnsWire.udp(port, notify.toWire())
        .orElseThrow(() -> new AssertionError(name() + " did not answer a NOTIFY\n"
            + diagnostics()));
    Message reply = new Message(answer);
    TSIGRecord tsig = reply.getTSIG();
    return Rcode.string(reply.getRcode()) + (tsig == null || tsig.getError() == Rcode.NOERROR
        ? "" : "/" + Rcode.TSIGstring(tsig.getError()));
  }

  /** How often {@code what} occurs in {@code text}. */
  public static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public String diagnostics() {
    List<String> lines = log().lines().toList();
    return name() + " log (tail):\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Stops the server; its folder keeps the zone for a later {@link #start}. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.close();
  }

  @Override
  public void close() {
    stop();
  }
}
