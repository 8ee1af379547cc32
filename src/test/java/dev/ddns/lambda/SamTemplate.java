package dev.ddns.lambda;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code template.yaml} as plain maps and lists. CloudFormation's short tags become their long
 * form, as CloudFormation reads them: {@code !Ref x} is {@code {Ref: x}}, {@code !GetAtt a.b} is
 * {@code {Fn::GetAtt: [a, b]}}, {@code !Sub s} is {@code {Fn::Sub: s}}, and so on.
 */
public final class SamTemplate {
  public static final Path FILE = Path.of("template.yaml");
  private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAZs",
      "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not",
      "Or", "GetAtt");

  private final Map<String, Object> root;

  private SamTemplate(Map<String, Object> root) {
    this.root = root;
  }

  public static SamTemplate load() throws IOException {
    try (Reader in = Files.newBufferedReader(FILE)) {
      return new SamTemplate(new Yaml(new CloudFormationConstructor()).load(in));
    }
  }

  public Map<String, Object> root() {
    return root;
  }

  public Map<String, Object> resources() {
    return map(root, "Resources");
  }

  public Map<String, Object> properties(String resource) {
    return map(map(resources(), resource), "Properties");
  }

  /** Logical id to Handler of every AWS::Serverless::Function. */
  public Map<String, String> handlers() {
    Map<String, String> handlers = new LinkedHashMap<>();
    resources().forEach((id, resource) -> {
      Map<String, Object> r = cast(resource);
      if ("AWS::Serverless::Function".equals(r.get("Type"))) {
        handlers.put(id, (String) map(r, "Properties").get("Handler"));
      }
    });
    return handlers;
  }

  public static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    if (!(value instanceof Map)) {
      throw new AssertionError(key + " is not a mapping in " + parent.keySet());
    }
    return cast(value);
  }

  @SuppressWarnings("unchecked")
  public static <T> T cast(Object value) {
    return (T) value;
  }

  /** SnakeYAML's safe constructor, plus the CloudFormation short tags. */
  private static final class CloudFormationConstructor extends SafeConstructor {
    CloudFormationConstructor() {
      super(new LoaderOptions());
      yamlConstructors.put(new Tag("!Ref"), new ShortTag("Ref"));
      yamlConstructors.put(new Tag("!Condition"), new ShortTag("Condition"));
      for (String function : FUNCTIONS) {
        yamlConstructors.put(new Tag("!" + function), new ShortTag("Fn::" + function));
      }
    }

    private final class ShortTag extends AbstractConstruct {
      private final String longName;

      ShortTag(String longName) {
        this.longName = longName;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode scalar) {
          String text = constructScalar(scalar);
          value = longName.equals("Fn::GetAtt") ? Arrays.asList(text.split("\\.", 2)) : text;
        } else if (node instanceof SequenceNode sequence) {
          value = constructSequence(sequence);
        } else {
          value = constructMapping((MappingNode) node);
        }
        return Map.of(longName, value);
      }
    }
  }
}
