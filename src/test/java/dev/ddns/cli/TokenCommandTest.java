package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.adapter.secrets.TokenDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddns token} with a key directory: the secret printed once, only its hash stored. */
class TokenCommandTest {
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  @TempDir Path dir;

  private int token(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("token"));
    all.addAll(List.of(args));
    all.addAll(List.of("--key-dir", dir.toString()));
    return Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
  }

  @Test
  void createPrintsARandomSecretAndStoresOnlyItsHash() throws Exception {
    assertEquals(0, token("create", "Router"), err::toString);
    String secret = out.toString().strip();
    assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
    String stored = Files.readString(dir.resolve("router.token"));
    assertFalse(stored.contains(secret), stored);
    assertTrue(new TokenDirectory(dir).find("router").orElseThrow().matches(secret));
    assertTrue(err.toString().contains("dyndns2 user router"), err::toString);
    assertEquals(0, token("create", "nas"), err::toString);
    assertFalse(out.toString().strip().equals(secret), "each token its own secret");
  }

  @Test
  void listDeleteAndTheMistakesTheySayNoTo() {
    assertEquals(0, token("create", "router"), err::toString);
    assertEquals(1, token("create", "router"));
    assertTrue(err.toString().contains("token router exists"), err::toString);
    assertEquals(0, token("list"));
    assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("router ")), out::toString);
    assertEquals(1, token("create", "../escape"));
    assertTrue(err.toString().contains("is not usable"), err::toString);
    assertEquals(1, token("create", "lonely", "--zone", "example.test."));
    assertTrue(err.toString().contains("--zone and --host go together"), err::toString);
    assertEquals(1, token("create", "lonely", "--host", "lonely.example.test."));
    assertEquals(0, token("delete", "router", "--yes"), err::toString);
    assertEquals(1, token("delete", "router", "--yes"));
    assertTrue(err.toString().contains("no token router"), err::toString);
    assertEquals(0, token("list"));
    assertTrue(out.toString().contains("no tokens in key directory"), out::toString);
  }
}
