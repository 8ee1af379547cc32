package dev.ddns.cli;

import dev.ddns.adapter.secrets.SecretsManagerTokens;
import dev.ddns.adapter.secrets.TokenDirectory;
import dev.ddns.adapter.secrets.TokenVault;
import dev.ddns.core.port.HashedToken;
import dev.ddns.core.service.DynDnsService;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
 * {@code ddns token}: the dyndns2 tokens routers and ddclient/inadyn sign in with
 * (docs/keys.md, "Tokens"; docs/clients.md), stored hashed in Secrets Manager or a key directory.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Manages dyndns2 tokens (GET /nic/update with HTTP Basic auth: user NAME, password the "
            + "token): in AWS Secrets Manager, one secret per token named PREFIX + NAME (default "
            + "prefix ddns/token/), or with --key-dir beside the keys of ddns local --key-dir.",
        "Only a salted hash is stored; create prints the token once."},
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class,
        TokenCommand.Delete.class})
final class TokenCommand implements Runnable {
  private static final int SECRET_BYTES = 32;
  private static final int SALT_BYTES = 16;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "give a subcommand: create, list or delete");
  }

  /** Where the tokens are kept. */
  static final class VaultOptions {
    @Option(names = "--key-dir", paramLabel = "DIR",
        description = "Keep tokens in DIR as NAME.token (for ddns local --key-dir), instead of "
            + "Secrets Manager.")
    Path keyDir;

    @Option(names = "--secrets-endpoint", paramLabel = "URL",
        description = "Secrets Manager endpoint, e.g. a local stand-in; default: AWS in the "
            + "region.")
    URI secretsEndpoint;

    @Option(names = "--prefix", paramLabel = "PREFIX",
        defaultValue = SecretsManagerTokens.DEFAULT_PREFIX,
        description = "Secret name prefix; default: ${DEFAULT-VALUE}.")
    String prefix;

    /** The vault, and the client to close after; nothing cached, as every call is one use. */
    OpenedVault<TokenVault> open(String region, boolean withoutRecovery) {
      return OpenedVault.open(keyDir, secretsEndpoint, region, TokenDirectory::new,
          (client, where) -> new SecretsManagerTokens(client, prefix, where, withoutRecovery,
              Clock.systemUTC(), Duration.ZERO));
    }
  }

  /** Shared base: where the tokens are, the table (for --zone) and the streams. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VaultOptions tokens;
    @Mixin StoreOptions store;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }
  }

  static String tokenName(String text) {
    try {
      return TokenVault.require(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Makes a token with a random secret, stores its hash and prints the "
          + "secret (the dyndns2 password; save it: it is not kept).",
          "--zone Z --host H grants it the addresses of H in zone Z: 'grant token:NAME name H "
              + "A AAAA' is appended to Z's update policy (--host repeatable)."},
      sortOptions = false)
  static final class Create extends Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "The token name, e.g. router.")
    String name;

    @Option(names = "--zone", paramLabel = "ZONE",
        description = "The zone whose update policy gets the grants.")
    String zone;

    @Option(names = "--host", paramLabel = "HOST",
        description = "A host name the token may set the A and AAAA records of (repeatable; "
            + "needs --zone).")
    List<String> hosts = new ArrayList<>();

    @Override
    public Integer call() {
      String token = tokenName(name);
      List<String> rules = rules(token);
      SecureRandom random = new SecureRandom();
      String secret = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(bytes(random, SECRET_BYTES));
      try (OpenedVault<TokenVault> opened = tokens.open(store.region, false)) {
        if (zone != null) {
          PolicyGrants.checkZone(store, zone, "; token " + token + " not stored");
        }
        opened.vault().create(HashedToken.of(token, secret, bytes(random, SALT_BYTES)));
        err().println("stored token " + token + " (hashed) in " + opened.vault().describe()
            + "; dyndns2 user " + token + ", password on stdout");
      }
      if (zone != null) {
        PolicyGrants.append(store, ZoneCommand.zoneName(zone), rules, err(), "token");
      }
      out().println(secret);
      return 0;
    }

    private static byte[] bytes(SecureRandom random, int count) {
      byte[] bytes = new byte[count];
      random.nextBytes(bytes);
      return bytes;
    }

    private List<String> rules(String token) {
      if ((zone == null) != hosts.isEmpty()) {
        throw new CliException("--zone and --host go together: the zone whose policy grants "
            + "the token its hosts");
      }
      List<String> rules = new ArrayList<>();
      for (String host : hosts) {
        Name name = ZoneCommand.zoneName(host);
        rules.add("grant " + DynDnsService.TOKEN_PREFIX + token + " name " + name + " A AAAA");
      }
      return PolicyGrants.checked("--host", zone, rules);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the tokens with the time they were stored; never a secret or hash.")
  static final class ListTokens extends Base {
    @Override
    public Integer call() {
      try (OpenedVault<TokenVault> opened = tokens.open(store.region, false)) {
        List<TokenVault.Entry> entries = opened.vault().list();
        if (entries.isEmpty()) {
          out().println("no tokens in " + opened.vault().describe());
          return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "STORED"});
        entries.forEach(e -> rows.add(new String[] {e.name(), Listings.time(e.changed())}));
        TextTable.print(rows, out());
        return 0;
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = {"Deletes a token: its calls are badauth at once where nothing caches it, "
          + "within a minute elsewhere. Its grants stay in the policies until removed.",
          "Asks on the terminal unless --yes; without a terminal, --yes is required."})
  static final class Delete extends Base {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin DeletionOptions deletion;

    @Override
    public Integer call() {
      String token = tokenName(name);
      try (OpenedVault<TokenVault> opened = tokens.open(store.region, deletion.withoutRecovery)) {
        return deletion.delete("token " + token, opened.vault().describe(),
            () -> opened.vault().delete(token), out());
      }
    }
  }
}
