package dev.ddns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.service.ServiceLimits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@link ServiceLimitOptions}: off unless set; a rate or burst alone takes the other's default. */
class ServiceLimitOptionsTest {
  @ParameterizedTest(name = "[{0}] -> {1}/s, burst {2}, {3} in flight")
  @CsvSource(delimiter = '|', value = {
      "''                                             | Infinity | 2147483647 | 2147483647",
      "--key-rate 20 --key-burst 10                   | 20       | 10         | 2147483647",
      "--key-rate 0.5                                 | 0.5      | 100        | 2147483647",
      "--key-burst 7                                  | 50       | 7          | 2147483647",
      "--max-in-flight 8                              | Infinity | 2147483647 | 8",
      "--key-rate 20 --key-burst 10 --max-in-flight 4 | 20       | 10         | 4"})
  void limitsFromOptions(String arguments, double rate, int burst, int inFlight) {
    ServiceLimitOptions options = new ServiceLimitOptions();
    new CommandLine(options).parseArgs(
        arguments.isBlank() ? new String[0] : arguments.trim().split("\\s+"));
    assertEquals(new ServiceLimits(rate, burst, inFlight), options.limits());
  }
}
