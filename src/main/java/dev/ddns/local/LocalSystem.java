package dev.ddns.local;

import dev.ddns.adapter.dns.NotifyTargets;
import dev.ddns.adapter.dns.SocketAddresses;
import dev.ddns.adapter.dns.UdpNotifySender;
import dev.ddns.adapter.http.DohCodec;
import dev.ddns.adapter.http.DynDnsCodec;
import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.KeyFiles;
import dev.ddns.adapter.secrets.KeyGenerator;
import dev.ddns.adapter.secrets.KeyVault;
import dev.ddns.adapter.secrets.StaticKeyStore;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.attest.RelayKeyNames;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.port.TokenStore;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.core.service.DnsService;
import dev.ddns.core.service.DynDnsLimits;
import dev.ddns.core.tsig.KeyStore;
import dev.ddns.core.tsig.TsigKey;
import dev.ddns.lambda.NotifyFunction;
import dev.ddns.lambda.Wiring;
import dev.ddns.relay.Relay;
import dev.ddns.relay.RelayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The whole system in one JVM for {@code ddns local}: zones in DynamoDB Local (served on loopback
 * HTTP, in memory or in a data folder) or in memory, a BIND key file, the {@link DnsService}, the
 * DoH endpoint on loopback HTTP and the relay in front of it.
 */
public final class LocalSystem implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSystem.class);
  /** The last line {@code ddns local} prints when it serves; scripts wait for it. */
  public static final String READY = "ddns local is ready";

  /**
   * The dyndns2 tokens beside the keys of {@code --key-dir} or {@code --secrets-endpoint}; with
   * the key file alone there are none, and every call is {@code badauth} (docs/clients.md).
   */
  private static TokenStore tokens(Optional<LocalKeys.Opened> vault) {
    return vault.<TokenStore>map(LocalKeys.Opened::tokens).orElse(name -> Optional.empty());
  }

  private final LocalConfig config;
  private final TsigKey key;
  private final Optional<TsigKey> notifyKey;
  private final TsigKey relayKey;
  private final LocalStorage storage;
  private final boolean zoneCreated;
  private final LocalHttpServer http;
  private final Relay relay;
  private final Optional<LocalKeys.Opened> vault;
  private final Optional<StreamPoller> poller;
  private final ExpirySchedule expiry;

  private LocalSystem(LocalConfig config, TsigKey key, Optional<TsigKey> notifyKey,
      TsigKey relayKey, LocalStorage storage, boolean zoneCreated, LocalHttpServer http,
      Relay relay, Optional<LocalKeys.Opened> vault, Optional<StreamPoller> poller) {
    this.config = config;
    this.key = key;
    this.notifyKey = notifyKey;
    this.relayKey = relayKey;
    this.storage = storage;
    this.zoneCreated = zoneCreated;
    this.http = http;
    this.relay = relay;
    this.vault = vault;
    this.poller = poller;
    this.expiry = ExpirySchedule.start(storage.store(), ExpirySchedule.INTERVAL);
  }

  /**
   * Creates the demo zone, loads or writes the key file, and starts the endpoint and the relay.
   *
   * @throws java.net.BindException when a port is taken, naming it
   * @throws IOException when a key file cannot be read or written
   */
  public static LocalSystem start(LocalConfig config) throws IOException {
    return start(config, LocalKeys.keyFileOnly());
  }

  /**
   * Like {@link #start(LocalConfig)}, with keys also from {@code localKeys}: the demo key is
   * taken from there when it exists, and stored there otherwise.
   */
  public static LocalSystem start(LocalConfig config, LocalKeys localKeys) throws IOException {
    TsigKey key = loadOrCreateKey(config.keyFile(), config.keyName());
    StaticKeyStore keys = StaticKeyStore.fromFiles(config.extraKeyFiles());
    checkNotifyTargets(config.notifyTargets());
    Optional<TsigKey> notifyKey = config.notifyTargets().isEmpty() ? Optional.empty()
        : Optional.of(loadOrCreateKey(config.notifyKeyFile(), notifyKeyName(config.zone())));
    TsigKey relayKey = loadOrCreateKey(config.relayKeyFile(), relayKeyName(config.keyName()));
    Optional<LocalKeys.Opened> vault = localKeys.open(Clock.systemUTC());
    LocalStorage storage = null;
    LocalHttpServer http = null;
    Optional<StreamPoller> poller = Optional.empty();
    try {
      if (vault.isPresent()) {
        key = shareKey(key, vault.get().vault(), config.keyFile());
        if (notifyKey.isPresent()) {
          notifyKey = Optional.of(shareKey(notifyKey.get(), vault.get().vault(),
              config.notifyKeyFile()));
        }
        relayKey = shareKey(relayKey, vault.get().vault(), config.relayKeyFile());
      } else {
        keys.add(key);
      }
      storage = LocalStorage.open(config);
      boolean created = false;
      if (storage.store().open(config.zone()).isEmpty()) {
        DemoZone.create(storage.store(), config.zone(), key, keys);
        created = true;
      }
      if (vault.isEmpty()) {
        notifyKey.ifPresent(keys::add);
        keys.add(relayKey);
      }
      KeyStore keyStore = vault.isPresent() ? vault.get().after(keys) : keys;
      setNotifyTargets(storage.store(), config, notifyKey);
      poller = startPoller(storage, config, keyStore);
      DnsService service = new DnsService(storage.store(), keyStore, Clock.systemUTC(),
          RandomGenerator.of("L64X128MixRandom"), config.limits(),
          Wiring.protocolLimits(System.getenv()));
      DohCodec codec = new DohCodec(service::handle, DohCodec.pageLimit(System.getenv()),
          DohCodec.pageTime(System.getenv()), new RelayAttestation(keyStore, Clock.systemUTC()))
          .withDynDns(new DynDnsCodec(service.dynDns(tokens(vault), DynDnsLimits.DEFAULT)));
      http = LocalHttpServer.start(codec,
          new InetSocketAddress(LocalConfig.LOOPBACK_V4, config.httpPort()));
      Relay relay = Relay.start(RelayConfig.of(http.relayEndpoint(), listenAddresses(config))
          .withUnsignedLimit(config.unsignedLimit()), Optional.of(relayKey));
      return new LocalSystem(config, key, notifyKey, relayKey, storage, created, http, relay,
          vault, poller);
    } catch (IOException | RuntimeException e) {
      if (http != null) {
        http.close();
      }
      poller.ifPresent(StreamPoller::close);
      if (storage != null) {
        storage.close();
      }
      vault.ifPresent(LocalKeys.Opened::close);
      throw e;
    }
  }

  /**
   * The demo key as the vault holds it, written to the key file when that differs; stored in the
   * vault when missing there.
   */
  private static TsigKey shareKey(TsigKey key, KeyVault vault, Path keyFile) throws IOException {
    Optional<TsigKey> stored = vault.current(key.name());
    if (stored.isEmpty()) {
      vault.create(key);
      return key;
    }
    if (!stored.get().equals(key)) {
      KeyFiles.write(keyFile, stored.get());
    }
    return stored.get();
  }

  /** Fails naming a target that is not {@code host}, {@code host:port} or {@code [v6]:port}. */
  private static void checkNotifyTargets(List<String> targets) throws IOException {
    for (String target : targets) {
      try {
        NotifyTargets.resolve(target);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--notify " + target + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Gives the demo zone the configured notify targets and the key that signs its NOTIFY (a
   * settings write: no NOTIFY itself).
   */
  private static void setNotifyTargets(ZoneStore store, LocalConfig config,
      Optional<TsigKey> notifyKey) {
    if (notifyKey.isEmpty()) {
      return;
    }
    ZoneSettings settings = store.open(config.zone()).orElseThrow().head().settings();
    ZoneSettings wanted = settings.withNotifyTargets(config.notifyTargets())
        .withNotifyKey(notifyKey.get().name().toString());
    if (!settings.equals(wanted)) {
      store.updateSettings(config.zone(), wanted);
    }
  }

  /**
   * The name of the key that signs {@code zone}'s NOTIFY, as {@code infra/bootstrap.sh} names it:
   * {@code notify.} and the zone.
   */
  public static Name notifyKeyName(Name zone) {
    try {
      return Name.concatenate(Name.fromConstantString("notify"), zone);
    } catch (org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException("zone name too long for a notify key: " + zone, e);
    }
  }

  /**
   * The name of the relay key of {@code ddns local}: {@code _relay.} and the demo key's name,
   * e.g. {@code _relay.ddns-local-key.}.
   */
  static Name relayKeyName(Name keyName) {
    try {
      return Name.concatenate(Name.fromConstantString(RelayKeyNames.LABEL), keyName);
    } catch (org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException("key name too long for a relay key: " + keyName, e);
    }
  }

  /**
   * With DynamoDB Local, the stream poller driving the NOTIFY function, as Lambda's event source
   * mapping does in AWS; with the memory store there is no stream, hence no NOTIFY.
   */
  private static Optional<StreamPoller> startPoller(LocalStorage storage, LocalConfig config,
      KeyStore keys) {
    if (storage.server().isEmpty() || storage.client().isEmpty()) {
      return Optional.empty();
    }
    NotifyFunction notify = new NotifyFunction(storage.store(), keys, new UdpNotifySender(),
        Clock.systemUTC(), new SecureRandom());
    return Optional.of(StreamPoller.start(storage.server().get().endpoint(),
        storage.client().get(), config.table(), notify));
  }

  /** The configured DNS addresses this host has; warns on stderr about those it lacks. */
  private static List<InetSocketAddress> listenAddresses(LocalConfig config) {
    List<InetSocketAddress> listen = new ArrayList<>();
    for (InetAddress address : config.dnsAddresses()) {
      if (Relay.canBind(address)) {
        listen.add(new InetSocketAddress(address, config.dnsPort()));
      } else {
        LOG.warn("{} is not available on this host; not serving DNS there",
            SocketAddresses.host(address));
      }
    }
    if (listen.isEmpty()) {
      throw new IllegalStateException("none of the DNS addresses " + config.dnsAddresses()
          + " is available on this host");
    }
    return listen;
  }

  /** The key in {@code file} when it holds one; otherwise a new hmac-sha256 key written there. */
  static TsigKey loadOrCreateKey(Path file, Name name) throws IOException {
    if (Files.exists(file)) {
      try {
        return BindKeyFile.parse(Files.readString(file, StandardCharsets.UTF_8)).get(0);
      } catch (IllegalArgumentException e) {
        throw new IOException("key file " + file + " exists but holds no usable key ("
            + e.getMessage() + "); remove it or choose another --key-file", e);
      }
    }
    TsigKey key = new KeyGenerator(new SecureRandom()).generate(name, "hmac-sha256");
    KeyFiles.write(file, key);
    return key;
  }

  public Name zone() {
    return config.zone();
  }

  /** The key written to (or read from) the key file. */
  public TsigKey key() {
    return key;
  }

  /** The relay key, in {@link LocalConfig#relayKeyFile()}: the relay attests clients with it. */
  public TsigKey relayKey() {
    return relayKey;
  }

  /** The key that signs the zone's NOTIFY, in {@link LocalConfig#notifyKeyFile()}; empty
   * without notify targets. */
  public Optional<TsigKey> notifyKey() {
    return notifyKey;
  }

  public Path keyFile() {
    return config.keyFile();
  }

  /** The DNS port (UDP and TCP) actually bound. */
  public int dnsPort() {
    return relay.udpAddresses().get(0).getPort();
  }

  /** The DNS addresses actually served, with ports. */
  public List<InetSocketAddress> dnsAddresses() {
    return relay.udpAddresses();
  }

  /** The HTTP port actually bound. */
  public int httpPort() {
    return http.address().getPort();
  }

  /** The DoH endpoint URL. */
  public java.net.URI endpoint() {
    return http.endpoint();
  }

  /** The zone store in use. */
  public ZoneStore store() {
    return storage.store();
  }

  /** DynamoDB Local's endpoint, e.g. {@code http://127.0.0.1:8000}; empty with the memory store. */
  public Optional<java.net.URI> dynamoDbEndpoint() {
    return storage.server().map(DynamoDbLocalServer::endpoint);
  }

  /** True when this start created the demo zone; false when the data folder already held it. */
  public boolean zoneCreated() {
    return zoneCreated;
  }

  /** What {@code ddns local} prints once everything listens, ending with the ready line. */
  public List<String> readyLines() {
    return ReadyLines.of(this);
  }

  LocalConfig config() {
    return config;
  }

  LocalStorage storage() {
    return storage;
  }

  /** Where the key vault of {@code --key-dir} or {@code --secrets-endpoint} keeps the keys. */
  Optional<String> vaultDescription() {
    return vault.map(v -> v.vault().describe());
  }

  /**
   * Stops the expiry sweep, the relay, then the HTTP server, the stream poller, the store (DynamoDB
   * Local), then key access.
   */
  @Override
  public void close() {
    expiry.close();
    relay.close();
    http.close();
    poller.ifPresent(StreamPoller::close);
    storage.close();
    vault.ifPresent(LocalKeys.Opened::close);
  }
}
