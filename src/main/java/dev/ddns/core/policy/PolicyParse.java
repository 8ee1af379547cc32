package dev.ddns.core.policy;

import java.util.List;

/**
 * The result of reading a zone's policy lines: the policy, or the problems, one per line at fault
 * ({@code "line 2: ..."}).
 *
 * @param policy the policy; meaningful only when {@link #ok()}
 * @param errors what is wrong, for people
 */
public record PolicyParse(UpdatePolicy policy, List<String> errors) {
  public PolicyParse {
    errors = List.copyOf(errors);
  }

  public boolean ok() {
    return errors.isEmpty();
  }
}
