package dev.ddns.cli;

import dev.ddns.adapter.secrets.BindKeyFile;
import dev.ddns.adapter.secrets.KeyDirectory;
import dev.ddns.adapter.secrets.KeyGenerator;
import dev.ddns.adapter.secrets.KeyNames;
import dev.ddns.adapter.secrets.KeyVault;
import dev.ddns.adapter.secrets.SecretsManagerKeyStore;
import dev.ddns.adapter.secrets.SecretsManagerKeyVault;
import dev.ddns.core.attest.RelayAttestation;
import dev.ddns.core.attest.RelayKeyNames;
import dev.ddns.core.tsig.TsigKey;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
    OpenedVault<KeyVault> open(String region, boolean withoutRecovery) {
      return OpenedVault.open(keyDir, secretsEndpoint, region, KeyDirectory::new,
          (client, where) -> new SecretsManagerKeyVault(client, prefix, where, withoutRecovery));
    }
  }

  /** Shared base: where the keys are, the table (for --grant) and the streams. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VaultOptions keys;
    @Mixin StoreOptions store;

    OpenedVault<KeyVault> open() {
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
      try (OpenedVault<KeyVault> opened = open()) {
        if (zone != null) {
          PolicyGrants.checkZone(store, zone, "; key " + key + " not stored");
        }
        opened.vault().create(created);
        err().println("stored key " + key + " (" + created.algorithmName() + ") in "
            + opened.vault().describe());
      }
      if (zone != null) {
        PolicyGrants.append(store, ZoneCommand.zoneName(zone), rules, err(), "key");
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
      return PolicyGrants.checked("--grant", zone, rules);
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
      try (OpenedVault<KeyVault> opened = open()) {
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
      try (OpenedVault<KeyVault> opened = open()) {
        List<KeyVault.Entry> entries = opened.vault().list();
        if (entries.isEmpty()) {
          out().println("no keys in " + opened.vault().describe());
          return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "ALGORITHM", "CHANGED"});
        entries.forEach(e -> rows.add(new String[] {e.name().toString(), e.algorithm(),
            Listings.time(e.changed())}));
        TextTable.print(rows, out());
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

    @Mixin DeletionOptions deletion;

    @Override
    public Integer call() {
      Name key = keyName(name);
      try (OpenedVault<KeyVault> opened = keys.open(store.region, deletion.withoutRecovery)) {
        return deletion.delete("key " + key, opened.vault().describe(),
            () -> opened.vault().delete(key), out());
      }
    }
  }
}
