package dev.ddns.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code template.yaml} after the SAM transform, as CloudFormation deploys it: the output of
 * {@code src/test/sam/expand.py}, which runs aws-sam-translator offline. Needs a {@code python3}
 * with aws-sam-translator on the PATH (this machine's and CI's default python3 has it; Debian's
 * {@code /usr/bin/python3} does not) and fails naming what is missing otherwise.
 */
public final class ExpandedTemplate {
  public static final Path SCRIPT = Path.of("src/test/sam/expand.py");
  private static final Map<Map<String, String>, ExpandedTemplate> CACHE = new LinkedHashMap<>();

  private final Map<String, Object> root;

  private ExpandedTemplate(Map<String, Object> root) {
    this.root = root;
  }

  /** The template expanded with its parameter defaults. */
  public static ExpandedTemplate load() {
    return load(Map.of());
  }

  /**
   * The template expanded with {@code parameters} given to the translator (it resolves those SAM
   * resolves itself, such as the Function URL's AuthType); cached per parameter set.
   */
  public static synchronized ExpandedTemplate load(Map<String, String> parameters) {
    return CACHE.computeIfAbsent(Map.copyOf(parameters), ExpandedTemplate::expand);
  }

  private static ExpandedTemplate expand(Map<String, String> parameters) {
    List<String> command = new ArrayList<>(List.of(python(), SCRIPT.toString(),
        SamTemplate.FILE.toString()));
    parameters.forEach((name, value) -> command.addAll(List.of("--param", name + "=" + value)));
    try {
      Path out = Files.createTempFile("expanded-template", ".json");
      Path err = Files.createTempFile("expanded-template", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
            .redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("the SAM translator did not finish in 120 s: " + command);
        }
        if (process.exitValue() != 0) {
          throw new AssertionError("the SAM translator failed (" + command + "); it needs a "
              + "python3 with aws-sam-translator first on the PATH:\n"
              + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new ExpandedTemplate(new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(out, StandardCharsets.UTF_8)));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run the SAM translator " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The python3 that has aws-sam-translator: {@code DDNS_SAM_PYTHON}, else the PATH's. */
  static String python() {
    String configured = System.getenv("DDNS_SAM_PYTHON");
    return configured == null || configured.isBlank() ? "python3" : configured;
  }

  public Map<String, Object> root() {
    return root;
  }

  public Map<String, Object> resources() {
    return SamTemplate.map(root, "Resources");
  }

  /** The resource {@code id}; fails naming the resources there are when it is missing. */
  public Map<String, Object> resource(String id) {
    return SamTemplate.map(resources(), id);
  }

  public Map<String, Object> properties(String id) {
    return SamTemplate.map(resource(id), "Properties");
  }

  /** Logical ids of every resource of {@code type}, in template order. */
  public List<String> ofType(String type) {
    List<String> ids = new ArrayList<>();
    resources().forEach((id, resource) -> {
      if (type.equals(SamTemplate.<Map<String, Object>>cast(resource).get("Type"))) {
        ids.add(id);
      }
    });
    return ids;
  }

  /** The environment variables of the AWS::Lambda::Function {@code id}, values as expanded. */
  public Map<String, Object> environment(String id) {
    return SamTemplate.map(SamTemplate.map(properties(id), "Environment"), "Variables");
  }
}
