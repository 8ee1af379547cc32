package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.TSIG;

/** A TSIG key as BIND writes it: name, algorithm, base64 secret, and the file holding it. */
public record TestKey(String name, String algorithm, String secret, Path file) {
  private static final Pattern KEY =
      Pattern.compile(
          "key\\s+\"([^\"]+)\"\\s*\\{\\s*algorithm\\s+([^;\\s]+);\\s*secret\\s+\"([^\"]+)\";");

  /** Runs {@code tsig-keygen -a algorithm name} and stores its output in {@code dir}. */
  public static TestKey generate(Path dir, String algorithm, String name) {
    Exec.Result result =
        Exec.run(List.of(Tools.tsigKeygen().toString(), "-a", algorithm, name), "")
            .assertSuccess();
    Path file = dir.resolve(name.replaceAll("\\.$", "") + ".key");
    ToolFiles.write(file, result.output());
    return read(file);
  }

  public static TestKey read(Path file) {
    String text = readString(file);
    Matcher m = KEY.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no BIND key statement in " + file + ":\n" + text);
    }
    return new TestKey(m.group(1), m.group(2), m.group(3), file);
  }

  /** The nsupdate/dig {@code -y} argument. */
  public String yArgument() {
    return algorithm + ":" + name + ":" + secret;
  }

  public TSIG tsig() {
    return new TSIG(algorithm, absoluteName(), secret);
  }

  public TestKey withSecret(String otherSecret) {
    return new TestKey(name, algorithm, otherSecret, file);
  }

  public TestKey withName(String otherName) {
    return new TestKey(otherName, algorithm, secret, file);
  }

  public String bindStatement() {
    return "key \"" + name + "\" { algorithm " + algorithm + "; secret \"" + secret + "\"; };\n";
  }

  private String absoluteName() {
    return name.endsWith(".") ? name : name + ".";
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
