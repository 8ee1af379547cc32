package dev.ddns.testing.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of dig's default output that the tests look at: status, flags, sections. */
public record DigOutput(String text) {
  private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
  private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");

  public String status() {
    return find(STATUS, "status");
  }

  public List<String> flags() {
    return List.of(find(FLAGS, "flags").trim().split(" "));
  }

  /** Records of a section ("ANSWER", "AUTHORITY"), blanks collapsed to one space. */
  public List<String> section(String name) {
    List<String> records = new ArrayList<>();
    boolean inSection = false;
    for (String line : text.split("\n")) {
      if (line.startsWith(";; ")) {
        inSection = line.startsWith(";; " + name + " SECTION:");
      } else if (inSection && !line.isBlank()) {
        records.add(line.trim().replaceAll("\\s+", " "));
      }
    }
    return records;
  }

  private String find(Pattern pattern, String what) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new AssertionError("no " + what + " in dig output:\n" + text);
    }
    return m.group(1);
  }
}
