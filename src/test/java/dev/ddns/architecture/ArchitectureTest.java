package dev.ddns.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;

/**
 * The package table of docs/architecture.md, enforced: the layers and what each may use, no
 * cycles, a core without IO, environment or console, one logging facade, and a Lambda jar that
 * holds everything its classes need.
 */
@AnalyzeClasses(packages = "dev.ddns", importOptions = ArchitectureTest.MainClassesOnly.class)
class ArchitectureTest {

  /** Main classes only, whatever the build folder is called ({@code -DbuildDir}). */
  static final class MainClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/");
    }
  }

  @ArchTest
  static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("wire").definedBy("dev.ddns.core.wire..")
      .layer("model").definedBy("dev.ddns.core.model..")
      .layer("policy").definedBy("dev.ddns.core.policy..")
      .layer("tsig").definedBy("dev.ddns.core.tsig..")
      .layer("port").definedBy("dev.ddns.core.port..")
      .layer("attest").definedBy("dev.ddns.core.attest..")
      .layer("lookup").definedBy("dev.ddns.core.lookup..")
      .layer("update").definedBy("dev.ddns.core.update..")
      .layer("query").definedBy("dev.ddns.core.query..")
      .layer("notify").definedBy("dev.ddns.core.notify..")
      .layer("service").definedBy("dev.ddns.core.service..")
      .layer("adapters").definedBy("dev.ddns.adapter..")
      .layer("lambda").definedBy("dev.ddns.lambda..")
      .layer("relay").definedBy("dev.ddns.relay..")
      .layer("local").definedBy("dev.ddns.local..")
      .layer("cli").definedBy("dev.ddns.cli..")
      .whereLayer("wire").mayNotAccessAnyLayer()
      .whereLayer("model").mayNotAccessAnyLayer()
      .whereLayer("tsig").mayOnlyAccessLayers("wire")
      .whereLayer("policy").mayOnlyAccessLayers("model")
      .whereLayer("port").mayOnlyAccessLayers("model", "tsig")
      .whereLayer("attest").mayOnlyAccessLayers("tsig")
      .whereLayer("lookup").mayOnlyAccessLayers("model", "port")
      .whereLayer("update").mayOnlyAccessLayers("wire", "model", "policy", "port", "tsig",
          "lookup")
      .whereLayer("query").mayOnlyAccessLayers("model", "policy", "port", "tsig", "lookup")
      .whereLayer("notify").mayOnlyAccessLayers("model", "tsig")
      .whereLayer("service").mayOnlyAccessLayers("wire", "model", "policy", "tsig", "port",
          "attest", "lookup", "update", "query", "notify")
      .whereLayer("adapters").mayOnlyAccessLayers("wire", "model", "policy", "tsig", "port",
          "attest", "notify", "service")
      .whereLayer("lambda").mayOnlyAccessLayers("wire", "model", "policy", "tsig", "port",
          "attest", "notify", "service", "adapters")
      .whereLayer("relay").mayOnlyAccessLayers("wire", "model", "tsig", "port", "attest",
          "service", "adapters")
      .whereLayer("local").mayOnlyBeAccessedByLayers("cli")
      .whereLayer("cli").mayNotBeAccessedByAnyLayer()
      .because("docs/architecture.md: packages and what each may use");

  @ArchTest
  static final ArchRule relayHoldsNoStore = noClasses()
      .that().resideInAPackage("dev.ddns.relay..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.ddns.adapter.dynamodb..",
          "dev.ddns.adapter.memory..", "software.amazon..")
      .because("the relay runs on premise with no AWS credentials and no zone data: it forwards "
          + "to the endpoint (docs/architecture.md)");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = slices()
      .matching("dev.ddns.(**)")
      .should().beFreeOfCycles()
      .because("a cycle makes two packages one; split or invert the dependency");

  @ArchTest
  static final ArchRule coreIsFreeOfAwsAndOutsideLibraries = noClasses()
      .that().resideInAPackage("dev.ddns.core..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "com.amazonaws..", "software.amazon..", "picocli..", "org.eclipse.jetty..",
          "org.apache..", "io.netty..")
      .because("the core is transport-free and store-agnostic (docs/architecture.md)");

  @ArchTest
  static final ArchRule coreDoesNoNetworkOrFileIo = noClasses()
      .that().resideInAPackage("dev.ddns.core..")
      .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.file..",
          "java.nio.channels..", "com.sun.net.httpserver..")
      .orShould().dependOnClassesThat().belongToAnyOf(File.class, FileInputStream.class,
          FileOutputStream.class, FileReader.class, FileWriter.class, RandomAccessFile.class)
      .because("IO belongs to adapters; the core gets bytes and a store port");

  @ArchTest
  static final ArchRule coreReadsNoEnvironmentAndWritesNoConsole = noClasses()
      .that().resideInAPackage("dev.ddns.core..")
      .should().callMethod(System.class, "getenv")
      .orShould().callMethod(System.class, "getenv", String.class)
      .orShould().callMethod(System.class, "getProperty", String.class)
      .orShould().callMethod(System.class, "getProperty", String.class, String.class)
      .orShould().accessField(System.class, "out")
      .orShould().accessField(System.class, "err")
      .because("configuration and output come from the entry points, which pass them in");

  /**
   * One logging facade, SLF4J (docs/architecture.md, "Logging"). StreamPoller sets the level of
   * DynamoDB Local's own java.util.logging logger (the SDK v1 inside it), and logs nothing there;
   * LocalContext, the Lambda {@code Context} of {@code ddns local}, must return a LambdaLogger
   * from {@code getLogger}, and writes what it is given to SLF4J.
   */
  @ArchTest
  static final ArchRule logsThroughSlf4jOnly = noClasses()
      .that().resideInAPackage("dev.ddns..")
      .and().doNotHaveFullyQualifiedName("dev.ddns.local.StreamPoller")
      .and().doNotHaveFullyQualifiedName("dev.ddns.local.LocalContext")
      .and().doNotHaveFullyQualifiedName("dev.ddns.local.LocalContext$1")
      .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
      .orShould().dependOnClassesThat().haveFullyQualifiedName(
          "com.amazonaws.services.lambda.runtime.LambdaLogger")
      .because("log lines go through SLF4J, whose backend each artifact chooses");

  /**
   * The console is the CLI's (command output), and outside it the three writers whose output is
   * the interface: the EMF line ({@code MetricLine.print}), the Lambda jar's JSON log lines
   * ({@code JsonLogging}), and DynamoDB Local's start-up banner, held back while it starts.
   * LocalContext implements {@code Context.getLogger}, which the interface requires, over SLF4J.
   */
  @ArchTest
  static final ArchRule consoleOnlyInTheCliAndTheWriters = noClasses()
      .that().resideInAPackage("dev.ddns..")
      .and().resideOutsideOfPackage("dev.ddns.cli..")
      .and().doNotHaveFullyQualifiedName("dev.ddns.lambda.MetricLine")
      .and().doNotHaveFullyQualifiedName("dev.ddns.lambda.JsonLogging")
      .and().doNotHaveFullyQualifiedName("dev.ddns.local.DynamoDbLocalServer")
      .should().accessField(System.class, "out")
      .orShould().accessField(System.class, "err")
      .because("log lines go through SLF4J; metric lines through MetricLine.print");

  /**
   * The backends are found by SLF4J's service loader, never named: each jar strips the other's
   * (pom.xml), which only works while no other class refers to it.
   */
  @ArchTest
  static final ArchRule backendsAreNotUsedDirectly = noClasses()
      .that().resideInAPackage("dev.ddns..")
      .and().doNotHaveFullyQualifiedName("dev.ddns.lambda.JsonLogging")
      .and().doNotHaveFullyQualifiedName("dev.ddns.lambda.JsonLogging$JsonLogger")
      .should().dependOnClassesThat().haveFullyQualifiedName("dev.ddns.lambda.JsonLogging")
      .orShould().dependOnClassesThat().haveFullyQualifiedName(
          "dev.ddns.lambda.JsonLogging$JsonLogger")
      .because("ddns.jar leaves JsonLogging out; its backend is ConsoleLogging");

  @ArchTest
  static final ArchRule consoleBackendOnlyInTheCli = noClasses()
      .that().resideOutsideOfPackage("dev.ddns.cli..")
      .should().dependOnClassesThat().haveFullyQualifiedName("dev.ddns.cli.ConsoleLogging")
      .because("the Lambda jar leaves the CLI and its backend out");

  /**
   * What {@code target/ddns-lambda.jar} holds (pom.xml's lambda shade execution): the project
   * without {@code cli}, {@code relay} and {@code local}, and these libraries. A class in it that
   * used anything else would fail with {@code NoClassDefFoundError} in Lambda only.
   */
  @ArchTest
  static final ArchRule lambdaJarNeedsOnlyWhatItHolds = noClasses()
      .that().resideInAnyPackage("dev.ddns.core..", "dev.ddns.adapter..", "dev.ddns.lambda..")
      .should().dependOnClassesThat().resideOutsideOfPackages(
          "dev.ddns.core..", "dev.ddns.adapter..", "dev.ddns.lambda..",
          "java..", "javax.crypto..", "javax.net..", "javax.security..", "jdk..",
          "org.xbill.DNS..", "com.amazonaws.services.lambda.runtime..",
          "com.amazonaws.secretsmanager.caching..", "software.amazon.awssdk..", "org.crac..",
          "org.joda.time..", "org.slf4j..")
      .because("the Lambda jar leaves out cli, relay, local and their libraries");
}
