package dev.ddns.cli;

import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.update.UpdateLimits;
import dev.ddns.core.update.Verdict;
import java.io.PrintWriter;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ddns zone}: create, import, export, list, delete and configure zones in the table. */
@Command(
    name = "zone",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
        "Manages zones in the DynamoDB table, on AWS or in DynamoDB Local "
            + "(ddns local serves it at http://127.0.0.1:8000: add --endpoint-url).",
        "Credentials come from the standard AWS chain (profile, environment, SSO)."},
    subcommands = {
        ZoneCreateCommand.class, ZoneImportCommand.class, ZoneExportCommand.class,
        ZoneListCommand.class, ZoneDeleteCommand.class, ZoneSetCommand.class,
        ZoneRecountCommand.class})
final class ZoneCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "give a subcommand: create, import, export, list, delete, set or recount");
  }

  static Name zoneName(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new CliException("'" + text + "' is not a domain name: " + e.getMessage());
    }
  }

  /** {@code text} as a name; relative names (no final dot) are taken inside {@code zone}. */
  static Name nameIn(String text, Name zone) {
    try {
      return Name.fromString(text, zone);
    } catch (TextParseException e) {
      throw new CliException("'" + text + "' is not a domain name: " + e.getMessage());
    }
  }

  /** {@code settings} with the record limit {@code max} when one was given. */
  static ZoneSettings withMaxRecords(ZoneSettings settings, Long max) {
    if (max == null) {
      return settings;
    }
    if (max < 0) {
      throw new CliException("--max-records must be 0 (no limit) or more: " + max);
    }
    return settings.withMaxRecords(max);
  }

  /** A record limit for people: {@code 1,000,000}, or {@code none}. */
  static String limit(ZoneSettings settings) {
    return settings.maxRecords() == ZoneSettings.UNLIMITED ? "none"
        : String.format(Locale.ROOT, "%,d", settings.maxRecords());
  }

  /** A record count for people: {@code 1,234}, or {@code ?} when the head has none. */
  static String records(ZoneHead head) {
    return head.records().isPresent()
        ? String.format(Locale.ROOT, "%,d", head.records().getAsLong()) : "?";
  }

  /** Fails before anything is written when {@code records} are more than the zone may hold. */
  static void checkSize(Name zone, long records, ZoneSettings settings) {
    Verdict size = UpdateLimits.checkZoneSize(zone, records, settings);
    if (!size.ok()) {
      throw new CliException(size.reason() + "; give --max-records N to raise it (0: no limit)");
    }
  }

  /**
   * {@code , transfer keys NAME...} when the zone names the keys that may transfer it; empty for
   * the default (docs/transfers.md, "Who may transfer").
   */
  static String transferKeysText(ZoneSettings settings) {
    return settings.transferKeys().isEmpty() ? ""
        : ", transfer keys " + String.join(" ", settings.transferKeys());
  }

  /** {@code , notify key NAME} when the zone signs its NOTIFY; empty otherwise. */
  static String notifyKeyText(ZoneSettings settings) {
    return settings.notifyKey().isEmpty() ? "" : ", notify key " + settings.notifyKey();
  }

  /**
   * Says so on stderr when the zone sends NOTIFY unsigned: from Lambda it comes from changing
   * addresses, and secondaries set up as docs/secondaries.md says accept only signed NOTIFY.
   */
  static void warnIfUnsigned(PrintWriter err, Name zone, ZoneSettings settings) {
    if (!settings.notifyTargets().isEmpty() && settings.notifyKey().isEmpty()) {
      err.println("warning: zone " + zone + " sends NOTIFY unsigned, which secondaries set up "
          + "as docs/secondaries.md says ignore; sign it with --notify-key notify." + zone);
    }
  }

  /** Says so on stderr when the zone holds more records than its limit. */
  static void warnIfOver(PrintWriter err, ZoneHead head) {
    if (head.records().isPresent()
        && head.settings().exceedsMaxRecords(head.records().getAsLong())) {
      err.println("warning: zone " + head.zone() + " holds " + records(head)
          + " records, over its limit of " + limit(head.settings())
          + ": updates that add records are refused until it shrinks");
    }
  }

}
