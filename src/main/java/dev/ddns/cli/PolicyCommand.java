package dev.ddns.cli;

import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.policy.PolicyParse;
import dev.ddns.core.policy.UpdatePolicy;
import dev.ddns.core.port.ZoneReader;
import dev.ddns.core.service.CatalogZone;
import dev.ddns.core.service.ExpirySweep;
import dev.ddns.core.update.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddns policy show|set|sweep}: a zone's update policy (docs/policy.md). */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Shows and sets a zone's update policy: which TSIG key may change which names and "
            + "types (grant/deny rules, first match wins), and which records expire "
            + "(expire rules). Grammar and examples: docs/policy.md.",
        "A zone without grant or deny rules lets EVERY key that verifies change EVERYTHING."},
    subcommands = {PolicyCommand.Show.class, PolicyCommand.Set.class, PolicyCommand.Sweep.class})
final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "give a subcommand: show, set or sweep");
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Prints the zone's rules, numbered, and what they mean for keys.")
  static final class Show extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone;

    @Override
    public Integer call() {
      Name apex = ZoneCommand.zoneName(zone);
      List<String> rules;
      try (StoreOptions.Connection c = store.open()) {
        rules = c.zone(apex, store).head().settings().updatePolicy();
      }
      PolicyParse parse = UpdatePolicy.parse(apex, rules);
      print(out(), apex, rules, parse);
      return parse.ok() ? 0 : 1;
    }
  }

  /**
   * {@code reader}, once its zone may get another update policy: a catalog zone's stays as it was
   * made (docs/secondaries.md, "Catalog zones"). The failure is {@code before}, the reason and
   * {@code after}.
   */
  static ZoneReader changeable(ZoneReader reader, String before, String after) {
    Verdict allowed = CatalogZone.checkPolicyChange(reader);
    if (!allowed.ok()) {
      throw new CliException(before + allowed.reason() + after);
    }
    return reader;
  }

  /** The rules, numbered, then what they mean; problems of an invalid stored policy last. */
  static void print(PrintWriter out, Name zone, List<String> rules, PolicyParse parse) {
    for (int i = 0; i < rules.size(); i++) {
      out.printf("%3d  %s%n", i + 1, rules.get(i));
    }
    if (!parse.ok()) {
      out.println("zone " + zone + ": the update policy is INVALID; every update is refused "
          + "(SERVFAIL) until it is fixed:");
      parse.errors().forEach(e -> out.println("  " + e));
      return;
    }
    if (!parse.policy().restrictsKeys()) {
      out.println("zone " + zone + ": no grant or deny rule: EVERY key that verifies may change "
          + "EVERY record of the zone.");
      out.println("Restrict it: ddns policy set " + zone + " --rule 'grant KEY zonesub ANY'");
    } else {
      out.println("zone " + zone + ": " + parse.policy().rules().size() + " grant/deny rules, "
          + "first match wins; an update RR no grant matches is REFUSED.");
    }
    if (!parse.policy().expiries().isEmpty()) {
      out.println("expire rules: " + parse.policy().expiries().size() + "; 'ddns policy sweep' "
          + "(or ddns local, every 30 s) removes records past their expiry.");
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Replaces the zone's update policy, after checking every rule.",
          "Rules: 'grant|deny KEY MATCH [NAME] [TYPES]' and 'expire DURATION MATCH [NAME] "
              + "TYPES'; MATCH is name, subdomain, zonesub (no NAME), wildcard, self, selfsub "
              + "or selfwild; names are absolute."},
      sortOptions = false)
  static final class Set extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ZONE")
    String zone;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
      @Option(names = "--rule", arity = "1", required = true, paramLabel = "RULE",
          description = "A rule, in order (repeatable), e.g. "
              + "'grant acme. subdomain _acme-challenge.example.com. TXT'.")
      List<String> rules;

      @Option(names = "--file", required = true, paramLabel = "FILE",
          description = "Rules from FILE, one per line; blank lines and # comments skipped.")
      Path file;

      @Option(names = "--clear", required = true,
          description = "Remove every rule: every key that verifies may change everything.")
      boolean clear;
    }

    @Override
    public Integer call() throws IOException {
      Name apex = ZoneCommand.zoneName(zone);
      List<String> rules = rules();
      PolicyParse parse = UpdatePolicy.parse(apex, rules);
      if (!parse.ok()) {
        throw new CliException("policy not changed: " + String.join("; ", parse.errors()));
      }
      try (StoreOptions.Connection c = store.open()) {
        ZoneSettings settings = changeable(c.zone(apex, store), "policy not changed: ", "")
            .head().settings();
        if (!c.store().updateSettings(apex, settings.withUpdatePolicy(rules))) {
          throw new CliException("zone " + apex + " is gone");
        }
      }
      out().println("zone " + apex + ": update policy set");
      print(out(), apex, rules, parse);
      return 0;
    }

    private List<String> rules() throws IOException {
      if (source.clear) {
        return List.of();
      }
      List<String> lines = source.file != null
          ? Files.readAllLines(source.file, StandardCharsets.UTF_8) : source.rules;
      List<String> rules = new ArrayList<>();
      for (String line : lines) {
        int hash = line.indexOf('#');
        String rule = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (!rule.isEmpty()) {
          rules.add(rule);
        }
      }
      return rules;
    }
  }

  @Command(name = "sweep", mixinStandardHelpOptions = true,
      description = {"Removes the records past their expire rule now, in one zone or all, "
          + "through ordinary journaled updates (serial, journal, NOTIFY).",
          "ddns local sweeps every 30 s; on AWS a schedule does it."})
  static final class Sweep extends StoreCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ZONE",
        description = "The zone; default: every zone.")
    String zone;

    @Override
    public Integer call() {
      try (StoreOptions.Connection c = store.open()) {
        ExpirySweep sweep = new ExpirySweep(c.store(), Clock.systemUTC());
        if (zone == null) {
          out().println("removed " + sweep.sweepAll().removed() + " expired RRsets");
        } else {
          Name apex = ZoneCommand.zoneName(zone);
          c.zone(apex, store);
          out().println("zone " + apex + ": removed " + sweep.sweep(apex).removed()
              + " expired RRsets");
        }
      }
      return 0;
    }
  }
}
