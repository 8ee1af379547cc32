package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deletion {@code ddns key delete} and {@code ddns token delete} share: what the answer on
 * the terminal (or {@code --yes}) does, and what is said.
 */
class DeletionOptionsTest {
  private final StringWriter out = new StringWriter();
  private final AtomicInteger deletes = new AtomicInteger();

  @AfterEach
  void restoreTheConsole() {
    Terminal.usePrompt(null);
  }

  @ParameterizedTest(name = "--yes {0}, answer ''{1}'', found {2}: exit {3}, deleted {4}")
  @CsvSource(delimiter = '|', value = {
      "false | y    | true  | 0 | 1 | deleted key k. from the vault",
      "false | YES  | true  | 0 | 1 | deleted key k. from the vault",
      "false | ' yes ' | true | 0 | 1 | deleted key k. from the vault",
      "false | n    | true  | 1 | 0 | key k. kept",
      "false | ''   | true  | 1 | 0 | key k. kept",
      "false | yess | true  | 1 | 0 | key k. kept",
      "true  | n    | true  | 0 | 1 | deleted key k. from the vault",
  })
  void theAnswerDecides(boolean yes, String answer, boolean found, int exit, int deleted,
      String said) {
    Terminal.usePrompt(question -> {
      assertEquals("Delete key k.? [y/N] ", question);
      return Optional.of(answer);
    });

    assertEquals(exit, delete(yes, found));
    assertEquals(deleted, deletes.get());
    assertEquals(said, out.toString().strip());
  }

  @ParameterizedTest(name = "--yes {0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "false | not deleting key k.: no terminal to ask on; add --yes",
      "true  | no key k. in the vault",
  })
  void failsWithoutATerminalOrWhenThereIsNone(boolean yes, String message) {
    Terminal.usePrompt(question -> Optional.empty());

    CliException e = assertThrows(CliException.class, () -> delete(yes, false));

    assertEquals(message, e.getMessage());
    assertEquals(yes ? 1 : 0, deletes.get());
    assertEquals("", out.toString());
  }

  private int delete(boolean yes, boolean found) {
    DeletionOptions options = new DeletionOptions();
    options.yes = yes;
    return options.delete("key k.", "the vault", () -> {
      deletes.incrementAndGet();
      return found;
    }, new PrintWriter(out, true));
  }
}
