package dev.ddns.testing.tools;

import java.util.ArrayList;
import java.util.List;

/** Runs BIND's dig against a loopback server. */
public final class Dig {
  private Dig() {}

  public static Exec.Result run(int port, String... arguments) {
    return Exec.run(command(port, arguments), "");
  }

  /** {@link #answer(int, String, String)} with dig run inside {@code namespace}. */
  public static List<String> answer(NetworkNamespace namespace, int port, String name,
      String type) {
    return answerLines(namespace.run(command(port, "+noall", "+answer", name, type)));
  }

  /** The answer section lines only ({@code +noall +answer}), blanks collapsed to one space. */
  public static List<String> answer(int port, String name, String type) {
    return answerLines(run(port, "+noall", "+answer", name, type));
  }

  private static List<String> command(int port, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Tools.dig().toString());
    command.add("@127.0.0.1");
    command.add("-p");
    command.add(String.valueOf(port));
    command.add("+time=5");
    command.add("+tries=1");
    command.addAll(List.of(arguments));
    return command;
  }

  private static List<String> answerLines(Exec.Result dig) {
    Exec.Result result = dig.assertSuccess();
    List<String> lines = new ArrayList<>();
    for (String line : result.output().split("\n")) {
      if (!line.isBlank() && !line.startsWith(";")) {
        lines.add(line.trim().replaceAll("\\s+", " "));
      }
    }
    return lines;
  }
}
