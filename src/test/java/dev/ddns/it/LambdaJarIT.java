package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.lambda.SamTemplate;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The Lambda artifact {@code target/ddns-lambda.jar} after packaging: every Handler in
 * template.yaml resolves inside it alone, it holds nothing of DynamoDB Local, Netty, the Apache
 * HTTP clients, Jetty, picocli, the relay, ddns local or the CLI, it holds joda-time (which the
 * Lambda runtime's event serializer loads from the function's code; LambdaRuntimeIT runs the
 * functions under that runtime), and it stays within budget.
 */
class LambdaJarIT {
  private static final long BUDGET_BYTES = 20L * 1024 * 1024;
  /** Class and resource path prefixes that must not be in the Lambda jar. */
  private static final List<String> FORBIDDEN = List.of(
      "com/amazonaws/services/dynamodbv2/local/", "com/almworks/sqlite4java/",
      "io/netty/", "org/apache/http/", "org/apache/hc/", "software/amazon/awssdk/http/apache/",
      "software/amazon/awssdk/http/apache5/", "software/amazon/awssdk/http/nio/netty/",
      "org/eclipse/jetty/", "picocli/", "dev/ddns/relay/", "dev/ddns/local/", "dev/ddns/cli/",
      "com/amazonaws/services/dynamodbv2/");

  private static Path jar() {
    Path jar = Path.of(System.getProperty("ddns.lambda.jar", "target/ddns-lambda.jar"));
    assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn package");
    return jar;
  }

  @Test
  void everyHandlerInTheTemplateResolvesInTheJarAlone() throws Exception {
    Map<String, String> handlers = SamTemplate.load().handlers();
    assertTrue(handlers.containsKey("UpdateFunction"), handlers.toString());
    try (URLClassLoader lambda = new URLClassLoader(new URL[] {jar().toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (Map.Entry<String, String> handler : handlers.entrySet()) {
        String[] parts = handler.getValue().split("::");
        assertEquals(2, parts.length, handler.toString());
        Class<?> type = Class.forName(parts[0], false, lambda);
        List<Method> methods = Arrays.stream(type.getMethods())
            .filter(m -> m.getName().equals(parts[1]) && m.getParameterCount() == 2)
            .filter(m -> !m.isBridge()).toList();
        assertEquals(1, methods.size(), handler + ": " + methods);
        assertEquals("com.amazonaws.services.lambda.runtime.Context",
            methods.get(0).getParameterTypes()[1].getName(), handler.toString());
        assertTrue(Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler", false,
            lambda).isAssignableFrom(type), handler + " is a RequestHandler");
        type.getConstructor();
      }
    }
  }

  @Test
  void holdsNoLocalServerRelayCliOrHeavyHttpClient() throws IOException {
    TreeSet<String> found = new TreeSet<>();
    try (JarFile jar = new JarFile(jar().toFile())) {
      jar.stream().map(JarEntry::getName).forEach(name -> FORBIDDEN.stream()
          .filter(name::startsWith).findFirst().ifPresent(found::add));
      assertTrue(jar.getEntry("dev/ddns/lambda/UpdateFunction.class") != null);
      assertTrue(jar.getEntry("software/amazon/awssdk/http/urlconnection/"
          + "UrlConnectionHttpClient.class") != null, "the lean SDK HTTP client is in");
      assertTrue(jar.getEntry("org/crac/Core.class") != null, "the CRaC API is in");
      assertTrue(jar.getEntry("org/joda/time/DateTime.class") != null, "joda-time is in: the "
          + "runtime's serializer of DynamodbEvent and ScheduledEvent loads it from the jar");
      assertTrue(jar.getEntry("dev/ddns/adapter/dynamodb/table.json") != null);
    }
    assertEquals(new TreeSet<>(), found);
  }

  @Test
  void staysWithinTheSizeBudget() throws IOException {
    long size = Files.size(jar());
    assertTrue(size < BUDGET_BYTES, "ddns-lambda.jar is " + size + " bytes");
  }

  /** One logging backend per artifact (docs/architecture.md, "Logging"). */
  @Test
  void eachJarCarriesItsOwnLoggingBackendOnly() throws IOException {
    Path cliJar = Path.of(System.getProperty("ddns.jar", "target/ddns.jar"));
    assertEquals("dev.ddns.lambda.JsonLogging", loggingProvider(jar()));
    assertEquals("dev.ddns.cli.ConsoleLogging", loggingProvider(cliJar));
    try (JarFile lambda = new JarFile(jar().toFile()); JarFile cli = new JarFile(cliJar.toFile())) {
      assertTrue(lambda.getEntry("dev/ddns/lambda/JsonLogging.class") != null);
      assertTrue(cli.getEntry("dev/ddns/lambda/JsonLogging.class") == null,
          "ddns.jar holds no JSON backend");
      assertTrue(lambda.stream().noneMatch(e -> e.getName().startsWith("org/slf4j/nop/")
          || e.getName().startsWith("org/slf4j/simple/")), "no other backend in the Lambda jar");
    }
  }

  private static String loggingProvider(Path path) throws IOException {
    try (JarFile jar = new JarFile(path.toFile())) {
      var entry = jar.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
      assertTrue(entry != null, path + " registers no SLF4J provider");
      return new String(jar.getInputStream(entry).readAllBytes(),
          StandardCharsets.UTF_8).strip();
    }
  }
}
