package dev.ddns.it;

import java.util.ArrayList;
import java.util.List;

/** Runs BIND's dig against a loopback server. */
final class Dig {
  private Dig() {}

  static Exec.Result run(int port, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Tools.dig().toString());
    command.add("@127.0.0.1");
    command.add("-p");
    command.add(String.valueOf(port));
    command.add("+time=5");
    command.add("+tries=1");
    command.addAll(List.of(arguments));
    return Exec.run(command, "");
  }

  /** The answer section lines only ({@code +noall +answer}), blanks collapsed to one space. */
  static List<String> answer(int port, String name, String type) {
    Exec.Result result = run(port, "+noall", "+answer", name, type).assertSuccess();
    List<String> lines = new ArrayList<>();
    for (String line : result.output().split("\n")) {
      if (!line.isBlank() && !line.startsWith(";")) {
        lines.add(line.trim().replaceAll("\\s+", " "));
      }
    }
    return lines;
  }
}
