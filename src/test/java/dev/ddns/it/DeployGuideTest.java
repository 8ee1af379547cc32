package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How DeployGuide reads docs/deploy.md's shell blocks. */
class DeployGuideTest {
  @Test
  void wordsAreSplitAsTheShellDoes() {
    assertEquals(List.of("a", "b c", "d", "e'f"),
        DeployGuide.words("a 'b c' \"d\" e\"'\"f   # comment"));
  }

  @Test
  void continuationsJoinAndHereDocumentsAreTheStandardInput() {
    List<DeployGuide.Command> commands = DeployGuide.commands(List.of(
        "tool --x 1 \\", "  --y '2 3'", "nsupdate -k k.key <<'END'", "server 127.0.0.1 53",
        "send", "END", "dig @127.0.0.1 a.example. A"));
    assertEquals(List.of("tool", "--x", "1", "--y", "2 3"), commands.get(0).words());
    assertEquals(List.of("nsupdate", "-k", "k.key"), commands.get(1).words());
    assertEquals("server 127.0.0.1 53\nsend\n", commands.get(1).stdin());
    assertEquals("dig", commands.get(2).program());
  }

  @Test
  void theDocumentHasTheStepsTheWalkthroughRuns() {
    List<List<DeployGuide.Command>> blocks = DeployGuide.blocks();
    assertEquals("mvn", blocks.get(0).get(0).program());
    assertEquals("infra/bootstrap.sh", blocks.get(1).get(0).program());
    assertEquals(List.of("java", "nsupdate", "dig"),
        blocks.get(2).stream().map(DeployGuide.Command::program).toList());
  }
}
