package dev.ddns.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The accepted differences from BIND, as listed in {@code docs/bind-differences.md}: each table
 * row whose first cell is a category in backticks and whose second names, in backticks, the
 * message shapes (generator labels) it is accepted for, e.g. {@code | `rcode NOERROR vs FORMERR`
 * | `up:bad-any-rdata`, `pre:rdata-in-any` | reason |}; a shape ending in {@code *} stands for
 * every label it begins ({@code `up:add-*`}). A mismatch is accepted only when its category is
 * listed with a shape its message has: a new cause with the same rcodes is not.
 */
final class BindDifferences {
  static final Path FILE = Path.of("docs/bind-differences.md");
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*((?:`[^`]+`[,\\s]*)+)\\|\\s*(\\S.*?)\\s*\\|\\s*$");
  private static final Pattern SHAPE = Pattern.compile("`([^`]+)`");

  /** A category and the message labels any one of which makes a mismatch of it accepted. */
  record Accepted(String category, Set<String> shapes) {
    boolean covers(DifferentialRun.Mismatch mismatch) {
      return category.equals(mismatch.category())
          && Arrays.stream(mismatch.shape().split(" ")).anyMatch(this::listed);
    }

    private boolean listed(String label) {
      return shapes.stream().anyMatch(shape -> shape.endsWith("*")
          ? label.startsWith(shape.substring(0, shape.length() - 1)) : shape.equals(label));
    }
  }

  private BindDifferences() {}

  static List<Accepted> accepted() {
    List<Accepted> accepted = new ArrayList<>();
    for (String line : lines()) {
      Matcher row = ROW.matcher(line.trim());
      if (row.matches()) {
        accepted.add(new Accepted(row.group(1), SHAPE.matcher(row.group(2)).results()
            .map(m -> m.group(1)).collect(Collectors.toSet())));
      }
    }
    return accepted;
  }

  private static List<String> lines() {
    try {
      return Files.readAllLines(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
    }
  }
}
