package dev.ddns.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The accepted differences from BIND, as listed in {@code docs/bind-differences.md}: each
 * table row whose first cell is a category in backticks, e.g. {@code | `rcode NOERROR vs
 * FORMERR` | reason |}.
 */
final class BindDifferences {
  static final Path FILE = Path.of("docs/bind-differences.md");
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*(\\S.*?)\\s*\\|\\s*$");

  private BindDifferences() {}

  static Set<String> acceptedCategories() {
    Set<String> categories = new TreeSet<>();
    for (String line : lines()) {
      Matcher row = ROW.matcher(line.trim());
      if (row.matches()) {
        categories.add(row.group(1));
      }
    }
    return categories;
  }

  private static java.util.List<String> lines() {
    try {
      return Files.readAllLines(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
    }
  }
}
