package dev.ddns.cli;

import dev.ddns.core.model.ZoneSettings;
import dev.ddns.core.policy.PolicyParse;
import dev.ddns.core.policy.UpdatePolicy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * The update-policy rules {@code ddns key create --grant} and {@code ddns token create --host}
 * add for what they store: checked before anything is stored, appended to the zone's policy
 * after.
 */
final class PolicyGrants {
  private PolicyGrants() {}

  /**
   * {@code rules}, once they parse as zone {@code zone}'s policy would; {@code option} names
   * where they came from in the message otherwise.
   */
  static List<String> checked(String option, String zone, List<String> rules) {
    if (rules.isEmpty()) {
      return rules;
    }
    PolicyParse parse = UpdatePolicy.parse(ZoneCommand.zoneName(zone), rules);
    if (!parse.ok()) {
      throw new CliException(option + ": " + String.join("; ", parse.errors()));
    }
    return rules;
  }

  /**
   * Fails unless zone {@code zone} exists in {@code store} and its policy may be extended (not a
   * catalog zone); {@code notStored} ends the message, saying what was not stored.
   */
  static void checkZone(StoreOptions store, String zone, String notStored) {
    try (StoreOptions.Connection c = store.open()) {
      PolicyCommand.changeable(c.zone(ZoneCommand.zoneName(zone), store), "", notStored);
    }
  }

  /**
   * Appends {@code rules} to the update policy of zone {@code apex}, saying so on {@code err},
   * and warning when the zone was open to every key before; {@code what} names what was stored
   * (a key, a token) for the message when the zone is gone.
   */
  static void append(StoreOptions store, Name apex, List<String> rules, PrintWriter err,
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
}
