package dev.ddns.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The shell steps of docs/deploy.md, read from the document itself: its {@code ```sh} blocks,
 * each a list of commands (words as the shell splits them: quotes, backslash line continuations,
 * comments) with the here-document a command reads, if any.
 */
final class DeployGuide {
  static final Path FILE = Path.of("docs/deploy.md");

  /** One command line of a block, and the here-document it reads (empty when none). */
  record Command(List<String> words, String stdin) {
    String program() {
      return words.get(0);
    }

    /** This command with {@code local} applied to each word and to the here-document. */
    Command map(UnaryOperator<String> local) {
      return new Command(words.stream().map(local).toList(), local.apply(stdin));
    }

    /** The word after {@code option}; fails naming the command when it is missing. */
    String option(String option) {
      int at = words.indexOf(option);
      if (at < 0 || at + 1 >= words.size()) {
        throw new AssertionError("docs/deploy.md: " + words + " has no " + option);
      }
      return words.get(at + 1);
    }

    /** This command with the value after {@code option} replaced (every occurrence). */
    Command withOption(String option, String value) {
      List<String> changed = new ArrayList<>(words);
      for (int i = 0; i + 1 < changed.size(); i++) {
        if (changed.get(i).equals(option)) {
          changed.set(i + 1, value);
        }
      }
      return new Command(changed, stdin);
    }
  }

  private DeployGuide() {}

  /** The document's sh blocks, in order, as commands. */
  static List<List<Command>> blocks() {
    String text;
    try {
      text = Files.readString(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<Command>> blocks = new ArrayList<>();
    List<String> lines = null;
    for (String line : text.split("\n", -1)) {
      if (lines == null && line.strip().equals("```sh")) {
        lines = new ArrayList<>();
      } else if (lines != null && line.strip().equals("```")) {
        blocks.add(commands(lines));
        lines = null;
      } else if (lines != null) {
        lines.add(line);
      }
    }
    return blocks;
  }

  static List<Command> commands(List<String> lines) {
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      StringBuilder logical = new StringBuilder(lines.get(i));
      while (logical.toString().endsWith("\\") && i + 1 < lines.size()) {
        logical.setLength(logical.length() - 1);
        logical.append(' ').append(lines.get(++i));
      }
      List<String> words = words(logical.toString());
      if (words.isEmpty()) {
        continue;
      }
      String stdin = "";
      String last = words.get(words.size() - 1);
      if (last.startsWith("<<")) {
        words = words.subList(0, words.size() - 1);
        String end = last.substring(2);
        StringBuilder body = new StringBuilder();
        while (++i < lines.size() && !lines.get(i).equals(end)) {
          body.append(lines.get(i)).append('\n');
        }
        stdin = body.toString();
      }
      commands.add(new Command(List.copyOf(words), stdin));
    }
    return commands;
  }

  /** The shell's words of {@code line}: quotes removed, a comment ends it. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else if (c == '#' && word == null) {
        break;
      } else if (c == '\'' || c == '"') {
        int close = line.indexOf(c, i + 1);
        if (close < 0) {
          throw new AssertionError("docs/deploy.md: unclosed quote in " + line);
        }
        word = word == null ? new StringBuilder() : word;
        word.append(line, i + 1, close);
        i = close;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
