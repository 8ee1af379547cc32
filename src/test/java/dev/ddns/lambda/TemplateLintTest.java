package dev.ddns.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code cfn-lint template.yaml} finds nothing: no error, no warning. cfn-lint runs the SAM
 * transform and checks the result against CloudFormation's resource schemas for every region. It
 * must be on the PATH (this machine's and CI's default python3 has it; {@code pip install
 * cfn-lint} elsewhere); without it the test fails, saying so.
 */
class TemplateLintTest {
  @Test
  void templateHasNoErrorsAndNoWarnings() throws IOException, InterruptedException {
    Path cfnLint = onPath("cfn-lint");
    Path output = Files.createTempFile("cfn-lint", ".out");
    try {
      Process process = new ProcessBuilder(cfnLint.toString(), SamTemplate.FILE.toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("cfn-lint did not finish in 300 s");
      }
      String findings = Files.readString(output, StandardCharsets.UTF_8);
      assertEquals("", findings, "cfn-lint " + SamTemplate.FILE + " reported");
      assertEquals(0, process.exitValue(), "cfn-lint's exit status");
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static Path onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<Path> candidates = Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, tool)).filter(Files::isExecutable).toList();
    if (candidates.isEmpty()) {
      throw new AssertionError(tool + " is not on the PATH (" + path + "): install it with "
          + "`pip install cfn-lint` into the python3 first on the PATH; the template must be "
          + "checked, not skipped");
    }
    return candidates.get(0);
  }
}
