package dev.ddns.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of docs/architecture.md: the protocol core knows nothing of AWS, IO transports or adapters. */
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
  static final ArchRule coreIsFreeOfAwsAndOuterLayers = noClasses()
      .that().resideInAPackage("dev.ddns.core..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "com.amazonaws..", "software.amazon..",
          "dev.ddns.adapter..", "dev.ddns.lambda..", "dev.ddns.relay..", "dev.ddns.local..",
          "dev.ddns.cli..", "picocli..")
      .because("the core is transport-free and store-agnostic (docs/architecture.md: ports and adapters)");

  @ArchTest
  static final ArchRule coreDoesNoNetworkOrFileIo = noClasses()
      .that().resideInAPackage("dev.ddns.core..")
      .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.file..",
          "java.nio.channels..", "com.sun.net.httpserver..")
      .because("IO belongs to adapters; the core gets bytes and a store port");

  @ArchTest
  static final ArchRule adaptersDoNotReachOutward = noClasses()
      .that().resideInAPackage("dev.ddns.adapter..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.ddns.lambda..", "dev.ddns.relay..",
          "dev.ddns.local..", "dev.ddns.cli..")
      .because("adapters plug into the core; entry points wire adapters, not the reverse");
}
