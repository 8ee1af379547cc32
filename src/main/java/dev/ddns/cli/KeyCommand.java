package dev.ddns.cli;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.KeyDirectory;
import dev.ddns.adapter.secrets.KeyGenerator;
import dev.ddns.adapter.secrets.KeyNames;
import dev.ddns.adapter.secrets.KeyVault;
import dev.ddns.adapter.secrets.SecretsManagerClients;
import dev.ddns.adapter.secrets.SecretsManagerKeyStore;
import dev.ddns.adapter.secrets.SecretsManagerKeyVault;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.attest.RelayKeyNames;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.policy.PolicyParse;
import dev.ddns.core.policy.UpdatePolicy;
import dev.ddns.core.tsig.TsigKey;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code ddns key}: TSIG keys in AWS Secrets Manager (read by the Lambda function and by
 * {@code ddns local --secrets-endpoint}) or in a key directory ({@code ddns local --key-dir}).
 */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Manages TSIG keys: in AWS Secrets Manager, one secret per key named PREFIX + key name "
            + "(default prefix ddns/tsig/), or with --key-dir in a directory of BIND key files.",
        "Secrets are printed only by create and rotate, as a BIND key file for nsupdate -k.",
        "Relay keys (create --relay, names _relay.NAME.) are kept alike; they only attest clients "
            + "to the endpoint (ddns relay --relay-key) and never sign DNS messages (docs/relay.md)."},
    subcommands = {KeyCommand.Create.class, KeyCommand.Rotate.class, KeyCommand.ListKeys.class,
        KeyCommand.Delete.class})
final class KeyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "give a subcommand: create, rotate, list or delete");
  }

  /** Where the keys are kept. */
  static final class VaultOptions {
    @Option(names = "--key-dir", paramLabel = "DIR",
        description = "Keep keys in DIR, one BIND key file per key (for ddns local --key-dir), "
            + "instead of Secrets Manager.")
    Path keyDir;

    @Option(names = "--secrets-endpoint", paramLabel = "URL",
        description = "Secrets Manager endpoint, e.g. a local stand-in; default: AWS in the "
            + "region.")
    URI secretsEndpoint;

    @Option(names = "--prefix", paramLabel = "PREFIX",
        defaultValue = SecretsManagerKeyStore.Settings.DEFAULT_PREFIX,
        description = "Secret name prefix; default: ${DEFAULT-VALUE}.")
    String prefix;

    /** The vault, and the client to close after. */
    Opened open(String region, boolean withoutRecovery) {
      if (keyDir != null) {
        if (secretsEndpoint != null) {
          throw new CliException("--key-dir and --secrets-endpoint exclude each other");
        }
        return new Opened(new KeyDirectory(keyDir), Optional.empty());
      }
      SecretsManagerClient client = SecretsManagerClients.create(
          Optional.ofNullable(secretsEndpoint), Optional.ofNullable(region));
      String where = secretsEndpoint != null ? "at " + secretsEndpoint
          : region != null ? "in " + region : "(AWS, default region)";
      try {
        return new Opened(new SecretsManagerKeyVault(client, prefix, where, withoutRecovery),
            Optional.of(client));
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    }
  }

  /** A vault and its client. */
  record Opened(KeyVault vault, Optional<SecretsManagerClient> client) implements AutoCloseable {
    @Override
    public void close() {
      client.ifPresent(SecretsManagerClient::close);
    }
  }

  /** Shared base: where the keys are, the table (for --grant) and the streams. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VaultOptions keys;
    @Mixin StoreOptions store;

    Opened open() {
      return keys.open(store.region, false);
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }
  }

  static Name keyName(String text) {
    Name name = ZoneCommand.zoneName(text);
    try {
      KeyNames.require(name);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    return name;
  }

  static String algorithm(String text) {
    return algorithm("--algorithm", text);
  }

  /** BIND's name of the algorithm {@code text}, given with {@code option}; fails on others. */
  static String algorithm(String option, String text) {
    String algorithm = text.toLowerCase(Locale.ROOT);
    if (!TsigKey.ALGORITHMS.contains(algorithm)) {
      throw new CliException(option + " " + text + ": use one of "
          + String.join(", ", TsigKey.ALGORITHMS));
    }
    return algorithm;
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Makes a key with a random secret, stores it and prints it as a BIND key "
          + "file (save it: nsupdate -k FILE).",
          "--grant adds update-policy rules for the key to a zone: each RULE is what follows "
              + "'grant KEY' in the rule, e.g. --grant 'subdomain _acme-challenge.example.com. "
              + "TXT'."},
      sortOptions = false)
  static final class Create extends Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "The key name, e.g. acme.example.com.")
    String name;

    @Option(names = {"--algorithm", "-a"}, paramLabel = "ALG", defaultValue = "hmac-sha256",
        description = "hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384 or "
            + "hmac-sha512; default: ${DEFAULT-VALUE}.")
    String algorithm;

    @Option(names = "--relay",
        description = "Make a relay key (name " + RelayKeyNames.LABEL + ".NAME., "
            + RelayAttestation.ALGORITHM + "): for 'ddns relay --relay-key', to attest clients "
            + "to the endpoint; it can sign no DNS message (docs/relay.md).")
    boolean relay;

    @Option(names = "--zone", paramLabel = "ZONE",
        description = "The zone whose update policy --grant extends.")
    String zone;

    @Option(names = "--grant", paramLabel = "RULE",
        description = "A rule for this key, appended to the zone's update policy as "
            + "'grant NAME RULE' (repeatable; needs --zone).")
    List<String> grants = new ArrayList<>();

    @Override
    public Integer call() {
      Name key = keyName(name);
      checkKind(key);
      List<String> rules = rules(key);
      TsigKey created = new KeyGenerator(new SecureRandom()).generate(key, algorithm(algorithm));
      try (Opened opened = open()) {
        if (zone != null) {
          checkZone(key);
        }
        opened.vault().create(created);
        err().println("stored key " + key + " (" + created.algorithmName() + ") in "
            + opened.vault().describe());
      }
      if (zone != null) {
        grant(rules);
      }
      out().print(BindKeyFile.format(created));
      return 0;
    }

    /** A relay key is asked for with --relay and named _relay.NAME.; a TSIG key is neither. */
    private void checkKind(Name key) {
      boolean relayName = RelayKeyNames.isRelayKey(key);
      if (relay && !relayName) {
        throw new CliException("--relay: relay key names begin with " + RelayKeyNames.LABEL
            + ", e.g. " + RelayKeyNames.LABEL + "." + key);
      }
      if (!relay && relayName) {
        throw new CliException("names beginning with " + RelayKeyNames.LABEL + " are relay keys, "
            + "which sign no DNS message; add --relay to make one, or choose another name");
      }
      if (relay && !algorithm(algorithm).equals(RelayAttestation.ALGORITHM)) {
        throw new CliException("--relay: relay keys are " + RelayAttestation.ALGORITHM);
      }
      if (relay && (zone != null || !grants.isEmpty())) {
        throw new CliException("--relay: a relay key gets no grant: it signs no update");
      }
    }

    private List<String> rules(Name key) {
      if (!grants.isEmpty() && zone == null) {
        throw new CliException("--grant needs --zone: the zone whose policy gets the rules");
      }
      List<String> rules = new ArrayList<>();
      for (String grant : grants) {
        String rule = grant.strip().replaceAll("\\s+", " ");
        if (rule.isEmpty() || grant.contains("\n")) {
          throw new CliException("--grant '" + grant + "': give one rule, e.g. 'zonesub TXT'");
        }
        rules.add("grant " + key + " " + rule);
      }
      if (rules.isEmpty()) {
        return rules;
      }
      PolicyParse parse = UpdatePolicy.parse(ZoneCommand.zoneName(zone), rules);
      if (!parse.ok()) {
        throw new CliException("--grant: " + String.join("; ", parse.errors()));
      }
      return rules;
    }

    private void checkZone(Name key) {
      try (StoreOptions.Connection c = store.open()) {
        PolicyCommand.changeable(c.zone(ZoneCommand.zoneName(zone), store), "",
            "; key " + key + " not stored");
      }
    }

    private void grant(List<String> rules) {
      appendGrants(store, ZoneCommand.zoneName(zone), rules, err(), "key");
    }
  }

  /**
   * Appends {@code rules} to the update policy of zone {@code apex}, saying so on {@code err},
   * and warning when the zone was open to every key before; {@code what} names what was stored
   * (a key, a token) for the message when the zone is gone.
   */
  static void appendGrants(StoreOptions store, Name apex, List<String> rules, PrintWriter err,
      String what) {
    boolean wasOpen;
    try (StoreOptions.Connection c = store.open()) {
      ZoneSettings settings = PolicyCommand.changeable(c.zone(apex, store), "",
          "; the " + what + " was stored, its rules not").head().settings();
      wasOpen = !UpdatePolicy.parse(apex, settings.updatePolicy()).policy().restrictsKeys();
      List<String> policy = new ArrayList<>(settings.updatePolicy());
      policy.addAll(rules);
      if (!c.store().updateSettings(apex, settings.withUpdatePolicy(policy))) {
        throw new CliException("zone " + apex + " is gone; the " + what + " was stored, its "
            + "rules not");
      }
    }
    rules.forEach(rule -> err.println("zone " + apex + ": update policy += " + rule));
    if (wasOpen) {
      err.println("zone " + apex + " had no grant or deny rule, so every key could change "
          + "everything; now only keys with a grant may ('ddns policy show " + apex + "')");
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Gives a key a new random secret and prints it as a BIND key file.",
          "The previous secret keeps verifying: in Secrets Manager (AWSPREVIOUS) for the "
              + "grace window after the rotation (DDNS_KEY_GRACE, default 24h), in a key "
              + "directory until the next rotation."})
  static final class Rotate extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"--algorithm", "-a"}, paramLabel = "ALG",
        description = "Algorithm of the new secret; default: the key's current one.")
    String algorithm;

    @Override
    public Integer call() {
      Name key = keyName(name);
      TsigKey rotated;
      try (Opened opened = open()) {
        TsigKey current = opened.vault().current(key).orElseThrow(() -> new CliException(
            "no key " + key + " in " + opened.vault().describe()
                + "; create it with 'ddns key create'"));
        String alg = algorithm == null ? current.algorithmName() : algorithm(algorithm);
        if (RelayKeyNames.isRelayKey(key) && !alg.equals(RelayAttestation.ALGORITHM)) {
          throw new CliException("relay keys are " + RelayAttestation.ALGORITHM);
        }
        rotated = new KeyGenerator(new SecureRandom()).generate(key, alg);
        opened.vault().rotate(rotated);
        err().println("rotated key " + key + " (" + alg + ") in " + opened.vault().describe()
            + "; the previous secret still verifies for a while");
      }
      out().print(BindKeyFile.format(rotated));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the keys with algorithm and last change; never their secrets.")
  static final class ListKeys extends Base {
    @Override
    public Integer call() {
      try (Opened opened = open()) {
        List<KeyVault.Entry> entries = opened.vault().list();
        if (entries.isEmpty()) {
          out().println("no keys in " + opened.vault().describe());
          return 0;
        }
        int width = Math.max(4, entries.stream()
            .mapToInt(e -> e.name().toString().length()).max().orElse(0));
        out().printf(Locale.ROOT, "%-" + width + "s  %-11s  %s%n", "NAME", "ALGORITHM", "CHANGED");
        for (KeyVault.Entry e : entries) {
          out().printf(Locale.ROOT, "%-" + width + "s  %-11s  %s%n", e.name(), e.algorithm(),
              e.changed().map(t -> DateTimeFormatter.ISO_INSTANT.format(
                  t.truncatedTo(ChronoUnit.SECONDS))).orElse("-"));
        }
        return 0;
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = {"Deletes a key and its previous secret: updates signed with it fail at "
          + "once where nothing caches it, within a minute elsewhere.",
          "Asks on the terminal unless --yes; without a terminal, --yes is required."})
  static final class Delete extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"--yes", "-y"}, description = "Do not ask.")
    boolean yes;

    @Option(names = "--without-recovery",
        description = "Secrets Manager: delete at once instead of after its 7-day recovery "
            + "window (during which the name cannot be created again).")
    boolean withoutRecovery;

    @Override
    public Integer call() {
      Name key = keyName(name);
      try (Opened opened = keys.open(store.region, withoutRecovery)) {
        if (!yes) {
          String answer = Terminal.ask("Delete key " + key + "? [y/N] ").orElseThrow(() ->
              new CliException("not deleting key " + key + ": no terminal to ask on; add --yes"));
          if (!answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
            out().println("key " + key + " kept");
            return 1;
          }
        }
        if (!opened.vault().delete(key)) {
          throw new CliException("no key " + key + " in " + opened.vault().describe());
        }
        out().println("deleted key " + key + " from " + opened.vault().describe());
        return 0;
      }
    }
  }
}
