package dev.ddns.cli;

import dev.ddns.adapter.dns.HostPort;
import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.core.attest.RelayKeyNames;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.relay.Relay;
import dev.ddns.relay.RelayConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddns relay}: classic DNS on UDP and TCP, forwarded to the DoH endpoint. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Listens for DNS on UDP and TCP and forwards each message unchanged to the ddns "
            + "endpoint over HTTPS, so nsupdate, DHCP servers, ACME clients and secondaries "
            + "work as with any DNS server. TSIG is checked by the endpoint; the relay holds only "
            + "its relay key (--relay-key), which attests each client's address and transport "
            + "to the endpoint and can sign no DNS message.",
        "Stops on Ctrl-C."})
final class RelayCommand implements Callable<Integer> {
  private static final List<String> DEFAULT_LISTEN = List.of("127.0.0.1:53", "[::1]:53");

  @Spec CommandSpec spec;

  @Option(names = "--endpoint", required = true, paramLabel = "URL",
      description = "The endpoint, e.g. https://abc.lambda-url.eu-west-1.on.aws/dns-query.")
  URI endpoint;

  @Option(names = "--listen", paramLabel = "ADDR:PORT",
      description = "Address to serve DNS on, UDP and TCP (repeatable; IPv6 in brackets); "
          + "default: 127.0.0.1:53 and [::1]:53.")
  List<String> listen = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20s",
      description = "Longest wait for the endpoint's answer, e.g. 500ms or 5s; "
          + "default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "2s",
      description = "Longest wait for a connection to the endpoint; default: ${DEFAULT-VALUE}.")
  Duration connectTimeout;

  @Option(names = "--relay-key", paramLabel = "FILE",
      description = "The relay key's BIND key file, as 'ddns key create _relay.NAME. --relay' "
          + "prints it: the endpoint believes the client addresses and transports it attests "
          + "(docs/relay.md). Required.")
  Path relayKey;

  @Mixin UnsignedLimitOptions unsigned;

  @Override
  public Integer call() throws InterruptedException {
    ConsoleLogging.program("ddns relay");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Relay relay;
    try {
      RelayConfig config = RelayConfig.of(endpoint, addresses(err))
          .withTimeouts(connectTimeout, timeout)
          .withUnsignedLimit(unsigned.limit());
      relay = Relay.start(config, Optional.of(readRelayKey()));
    } catch (IOException | IllegalArgumentException e) {
      err.println("ddns relay: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      relay.close();
      out.println("ddns relay stopped");
      out.flush();
    }, "ddns-relay-shutdown"));
    out.println("ddns relay is ready");
    out.flush();
    new CountDownLatch(1).await();
    return 0;
  }

  /** The one relay key in the {@code --relay-key} file. */
  private TsigKey readRelayKey() {
    if (relayKey == null) {
      throw new IllegalArgumentException("give --relay-key FILE: the key that attests clients to "
          + "the endpoint; make it with 'ddns key create " + RelayKeyNames.LABEL
          + ".NAME. --relay' (docs/relay.md)");
    }
    List<TsigKey> keys;
    try {
      keys = BindKeyFile.parse(Files.readString(relayKey, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("--relay-key " + relayKey + ": cannot read it ("
          + e.getClass().getSimpleName() + ")", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--relay-key " + relayKey + ": " + e.getMessage(), e);
    }
    return keys.stream().filter(k -> RelayKeyNames.isRelayKey(k.name())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--relay-key " + relayKey
            + " holds no relay key (a name " + RelayKeyNames.LABEL + ".NAME.)"));
  }

  /** The listen addresses; of the defaults, those this host lacks are skipped with a warning. */
  private List<InetSocketAddress> addresses(PrintWriter err) throws IOException {
    boolean defaults = listen.isEmpty();
    List<InetSocketAddress> result = new ArrayList<>();
    for (String text : defaults ? DEFAULT_LISTEN : listen) {
      InetSocketAddress address = parse(text);
      if (defaults && !Relay.canBind(address.getAddress())) {
        err.println("ddns relay: warning: " + text + " is not available on this host; skipped");
      } else {
        result.add(address);
      }
    }
    return result;
  }

  static InetSocketAddress parse(String text) throws IOException {
    HostPort parsed;
    try {
      parsed = HostPort.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--listen " + text + ": " + e.getMessage()
          + "; expected ADDR:PORT, e.g. 127.0.0.1:53 or [::1]:53", e);
    }
    if (parsed.port().isEmpty()) {
      throw new IllegalArgumentException("--listen " + text
          + ": expected ADDR:PORT, e.g. 127.0.0.1:53 or [::1]:53");
    }
    try {
      return parsed.resolve(0);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("--listen " + text + ": unknown address", e);
    }
  }
}
