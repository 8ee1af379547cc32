package dev.ddns.bench;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.core.tsig.TsigKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A UDP flood against a DNS server on loopback: garbage datagrams at a fixed rate (a quarter
 * well-formed unsigned queries for random names, the rest random bytes, half of those behind a
 * request-looking header), mixed with valid signed UPDATEs at a lower rate from a second socket,
 * whose answers are matched by message ID and timed from the first send (an unanswered update is
 * sent again after a second, three tries in all, as DNS clients do). Used by {@code bench/flood}
 * (plain main, prints a Markdown table) and by {@code FloodIT} (short run, assertions).
 *
 * <pre>
 * java -cp ... dev.ddns.bench.FloodDriver --port 5053 --key-file ddns-local.key \
 *     [--zone example.test.] [--garbage-rate 20000] [--valid-rate 200] [--seconds 30]
 * </pre>
 */
public final class FloodDriver {
  /**
   * What a flood run gave.
   *
   * @param garbageSent garbage datagrams sent
   * @param validSent signed updates sent
   * @param validAnswered signed updates answered (any rcode)
   * @param validFirstTry signed updates answered before they were sent again
   * @param validNoError signed updates answered NOERROR
   * @param p50Millis median answer latency of the signed updates
   * @param p99Millis 99th percentile answer latency of the signed updates
   * @param seconds how long the flood ran
   */
  public record Result(long garbageSent, long validSent, long validAnswered, long validFirstTry,
      long validNoError, double p50Millis, double p99Millis, double seconds) {
    public String markdownRow() {
      return String.format(Locale.ROOT,
          "| %,.0f | %,.0f | %,d | %,d (%.1f %%) | %,d (%.1f %%) | %,d | %.2f | %.2f |",
          garbageSent / seconds, validSent / seconds, validSent, validAnswered,
          percent(validAnswered), validFirstTry, percent(validFirstTry), validNoError, p50Millis,
          p99Millis);
    }

    private double percent(long count) {
      return 100.0 * count / Math.max(1, validSent);
    }

    public static String markdownHeader() {
      return "| garbage/s | signed updates/s | updates sent | answered | at the first try "
          + "| NOERROR | p50 (ms) | p99 (ms) |\n|---:|---:|---:|---:|---:|---:|---:|---:|";
    }
  }

  private static final Duration DRAIN = Duration.ofSeconds(10);
  /** Like nsupdate and dnsperf clients, an unanswered update is sent again after a second. */
  private static final long RETRY_NANOS = 1_000_000_000L;
  private static final int TRIES = 3;

  /** A signed update in flight: its bytes, when it was first and last sent, and how often. */
  private record Sent(byte[] wire, long first, long last, int tries) {}

  private final InetSocketAddress server;
  private final TsigKey key;
  private final Name zone;
  private final byte[] zoneWire;
  private final SplittableRandom random = new SplittableRandom(8914);
  private final ConcurrentHashMap<Integer, Sent> pending = new ConcurrentHashMap<>();
  private final long[] latencies = new long[1 << 20];
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong firstTry = new AtomicLong();
  private final AtomicLong noError = new AtomicLong();
  /** Numbers the signed updates across runs, so a late answer never matches a later run's ID. */
  private int sequence;

  public FloodDriver(InetSocketAddress server, TsigKey key, Name zone) {
    this.server = server;
    this.key = key;
    this.zone = zone;
    this.zoneWire = zone.toWire();
  }

  /** Floods for {@code duration}, then waits up to ten seconds for the last answers. */
  public Result run(int garbagePerSecond, int validPerSecond, Duration duration)
      throws IOException, InterruptedException {
    pending.clear();
    answered.set(0);
    firstTry.set(0);
    noError.set(0);
    try (DatagramSocket garbage = new DatagramSocket();
        DatagramSocket valid = new DatagramSocket()) {
      valid.setSoTimeout(200);
      garbage.setSoTimeout(200);
      Thread receiver = new Thread(() -> receive(valid), "flood-answers");
      Thread drainer = new Thread(() -> drain(garbage), "flood-drain");
      receiver.start();
      drainer.start();
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      long garbageSent = 0;
      long validSent = 0;
      byte[] buffer = new byte[600];
      while (System.nanoTime() < end) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (; garbageSent < elapsed * garbagePerSecond; garbageSent++) {
          int length = garbage(buffer);
          garbage.send(new DatagramPacket(buffer, length, server));
        }
        for (; validSent < elapsed * validPerSecond; validSent++) {
          byte[] update = update(sequence++);
          long now = System.nanoTime();
          pending.put(((update[0] & 0xff) << 8) | (update[1] & 0xff), new Sent(update, now, now, 1));
          valid.send(new DatagramPacket(update, update.length, server));
        }
        retransmit(valid);
        LockSupport.parkNanos(200_000);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long drainUntil = System.nanoTime() + DRAIN.toNanos();
      while (!pending.isEmpty() && System.nanoTime() < drainUntil) {
        retransmit(valid);
        Thread.sleep(20);
      }
      receiver.interrupt();
      drainer.interrupt();
      receiver.join();
      drainer.join();
      int n = (int) Math.min(answered.get(), latencies.length);
      long[] sorted = Arrays.copyOf(latencies, n);
      Arrays.sort(sorted);
      return new Result(garbageSent, validSent, answered.get(), firstTry.get(), noError.get(),
          percentile(sorted, 0.50), percentile(sorted, 0.99), seconds);
    }
  }

  private void retransmit(DatagramSocket socket) throws IOException {
    long now = System.nanoTime();
    for (var e : pending.entrySet()) {
      Sent s = e.getValue();
      if (s.tries() < TRIES && now - s.last() > RETRY_NANOS
          && pending.replace(e.getKey(), s, new Sent(s.wire(), s.first(), now, s.tries() + 1))) {
        socket.send(new DatagramPacket(s.wire(), s.wire().length, server));
      }
    }
  }

  /**
   * A well-formed unsigned query for a random name under the zone (as in a random-subdomain
   * flood, which a server can only rate-limit), or random junk, or a DNS header with random flags
   * and counts followed by random bytes.
   */
  private int garbage(byte[] buffer) {
    if (random.nextInt(4) == 0) {
      return randomQuery(buffer);
    }
    int length = 1 + random.nextInt(buffer.length - 1);
    for (int i = 0; i < length; i++) {
      buffer[i] = (byte) random.nextInt(256);
    }
    if (length >= 12 && random.nextBoolean()) {
      buffer[2] &= 0x7f;
    }
    return length;
  }

  private int randomQuery(byte[] buffer) {
    byte[] label = Integer.toString(random.nextInt(Integer.MAX_VALUE), 36)
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Arrays.fill(buffer, 0, 12, (byte) 0);
    buffer[0] = (byte) random.nextInt(256);
    buffer[1] = (byte) random.nextInt(256);
    buffer[5] = 1;
    buffer[12] = (byte) label.length;
    System.arraycopy(label, 0, buffer, 13, label.length);
    int at = 13 + label.length;
    System.arraycopy(zoneWire, 0, buffer, at, zoneWire.length);
    at += zoneWire.length;
    buffer[at++] = 0;
    buffer[at++] = 1;
    buffer[at++] = 0;
    buffer[at++] = 1;
    return at;
  }

  /** Signed update number {@code n}: adds flood-n, or deletes flood-(n-1), so the zone stays small. */
  private byte[] update(int n) {
    Message m = Message.newUpdate(zone);
    m.getHeader().setID(n & 0xffff);
    Name owner = Name.fromConstantString("flood-" + (n / 2) + "." + zone);
    byte[] address = {(byte) 192, 0, 2, (byte) (n % 250 + 1)};
    try {
      Record a = new ARecord(owner, DClass.IN, 60, java.net.InetAddress.getByAddress(address));
      m.addRecord(n % 2 == 0 ? a : Record.newRecord(owner, a.getType(), DClass.NONE, 0,
          a.rdataToWireCanonical()), Section.UPDATE);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("four bytes are an address", e);
    }
    m.setTSIG(key.signer(Clock.systemUTC()));
    return m.toWire(65535);
  }

  private void receive(DatagramSocket socket) {
    byte[] buffer = new byte[65535];
    while (!Thread.currentThread().isInterrupted()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return;
      }
      int id = ((buffer[0] & 0xff) << 8) | (buffer[1] & 0xff);
      Sent sent = pending.remove(id);
      if (sent != null) {
        long i = answered.getAndIncrement();
        if (i < latencies.length) {
          latencies[(int) i] = System.nanoTime() - sent.first();
        }
        if (sent.tries() == 1) {
          firstTry.incrementAndGet();
        }
        if (packet.getLength() > 3 && (buffer[3] & 0x0f) == 0) {
          noError.incrementAndGet();
        }
      }
    }
  }

  private static void drain(DatagramSocket socket) {
    byte[] buffer = new byte[65535];
    while (!Thread.currentThread().isInterrupted()) {
      try {
        socket.receive(new DatagramPacket(buffer, buffer.length));
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return;
      }
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  public static void main(String[] args) throws Exception {
    int port = 5053;
    Path keyFile = Path.of("ddns-local.key");
    Name zone = Name.fromConstantString("example.test.");
    int garbageRate = 20_000;
    int validRate = 200;
    int seconds = 30;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value);
        case "--key-file" -> keyFile = Path.of(value);
        case "--zone" -> zone = Name.fromString(value);
        case "--garbage-rate" -> garbageRate = Integer.parseInt(value);
        case "--valid-rate" -> validRate = Integer.parseInt(value);
        case "--seconds" -> seconds = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    TsigKey key = BindKeyFile.parse(Files.readString(keyFile)).get(0);
    Result r = new FloodDriver(new InetSocketAddress("127.0.0.1", port), key, zone)
        .run(garbageRate, validRate, Duration.ofSeconds(seconds));
    System.out.println(Result.markdownHeader());
    System.out.println(r.markdownRow());
  }
}
