package dev.ddns.cli;

import java.io.Console;
import java.util.Locale;
import java.util.Optional;

/** The user's terminal, if any: confirmation questions and whether progress may redraw a line. */
final class Terminal {
  /** Asks a question on the terminal; empty when there is none. */
  interface Prompt {
    Optional<String> ask(String question);
  }

  private static final Prompt CONSOLE = question -> {
    Console console = System.console();
    if (console == null) {
      return Optional.empty();
    }
    String answer = console.readLine("%s", question);
    return Optional.of(answer == null ? "" : answer);
  };

  private static volatile Prompt prompt = CONSOLE;
  private static volatile Boolean interactive;

  private Terminal() {}

  static Optional<String> ask(String question) {
    return prompt.ask(question);
  }

  /**
   * Asks {@code question} ({@code [y/N]}) before deleting {@code what}; true when the answer is
   * yes.
   *
   * @throws CliException when there is no terminal to ask on: {@code --yes} is needed then
   */
  static boolean confirmDeletion(String question, String what) {
    String answer = ask(question).orElseThrow(() -> new CliException(
        "not deleting " + what + ": no terminal to ask on; add --yes"));
    return answer.trim().toLowerCase(Locale.ROOT).matches("y|yes");
  }

  /** True when a person watches: progress redraws one line instead of printing many. */
  static boolean interactive() {
    Boolean forced = interactive;
    return forced != null ? forced : System.console() != null;
  }

  /** For tests: answers questions with {@code replacement}; null restores the console. */
  static void usePrompt(Prompt replacement) {
    prompt = replacement == null ? CONSOLE : replacement;
  }

  /** For tests: forces {@link #interactive()}; null restores detection. */
  static void forceInteractive(Boolean value) {
    interactive = value;
  }
}
