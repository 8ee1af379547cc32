package dev.ddns.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.bench.BillingRules.Index;
import dev.ddns.bench.BillingRules.Read;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The request-unit rules against the worked examples on AWS's DynamoDB pricing page and
 * developer guide: "a strongly consistent read request of an 8 KB item requires two read request
 * units, an eventually consistent read of an 8 KB item requires one, and a transactional read of
 * an 8 KB item requires four"; a standard write of up to 1 KB is one unit, transactional two;
 * an index key change is a delete and a put in the index.
 */
class BillingRulesTest {
  private static final Index SPARSE = new Index("expiring", List.of("xz", "xat"),
      List.of("pk", "sk"), false, List.of());

  static Stream<Arguments> reads() {
    return Stream.of(
        Arguments.of(8 * 1024, Read.STRONG, 2.0),
        Arguments.of(8 * 1024, Read.EVENTUAL, 1.0),
        Arguments.of(8 * 1024, Read.TRANSACTIONAL, 4.0),
        Arguments.of(0, Read.STRONG, 1.0),
        Arguments.of(0, Read.EVENTUAL, 0.5),
        Arguments.of(4096, Read.STRONG, 1.0),
        Arguments.of(4097, Read.STRONG, 2.0),
        Arguments.of(100, Read.TRANSACTIONAL, 2.0));
  }

  @ParameterizedTest(name = "{0} B {1}: {2}")
  @MethodSource("reads")
  void readUnits(long bytes, Read kind, double units) {
    assertEquals(units, BillingRules.readUnits(bytes, kind));
  }

  static Stream<Arguments> writes() {
    return Stream.of(
        Arguments.of(0, 1024, false, 1.0),
        Arguments.of(0, 1025, false, 2.0),
        Arguments.of(0, 300, true, 2.0),
        Arguments.of(3000, 200, false, 3.0),
        Arguments.of(3000, 200, true, 6.0),
        Arguments.of(0, 0, false, 1.0));
  }

  @ParameterizedTest(name = "{0} B -> {1} B, transactional {2}: {3}")
  @MethodSource("writes")
  void writeUnitsCountTheLargerImage(long before, long after, boolean transactional,
      double units) {
    assertEquals(units, BillingRules.writeUnits(before, after, transactional));
  }

  private static Optional<Map<String, AttributeValue>> item(String... pairs) {
    if (pairs.length == 0) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = new java.util.HashMap<>(Map.of(
        "pk", AttributeValue.fromS("Z#a."), "sk", AttributeValue.fromS("N#www")));
    for (int i = 0; i < pairs.length; i += 2) {
      item.put(pairs[i], AttributeValue.fromS(pairs[i + 1]));
    }
    return Optional.of(item);
  }

  static Stream<Arguments> indexWrites() {
    return Stream.of(
        Arguments.of("neither image indexed", item("rrs", "x"), item("rrs", "y"), 0.0),
        Arguments.of("enters the index", item("rrs", "x"),
            item("rrs", "y", "xz", "Z#a.", "xat", "1"), 1.0),
        Arguments.of("leaves the index", item("rrs", "x", "xz", "Z#a.", "xat", "1"),
            item("rrs", "y"), 1.0),
        Arguments.of("deleted while indexed", item("xz", "Z#a.", "xat", "1"), item(), 1.0),
        Arguments.of("index key changes", item("xz", "Z#a.", "xat", "1"),
            item("xz", "Z#a.", "xat", "2"), 2.0),
        Arguments.of("only an unprojected attribute changes",
            item("rrs", "x", "xz", "Z#a.", "xat", "1"), item("rrs", "y", "xz", "Z#a.", "xat", "1"),
            0.0),
        Arguments.of("new item outside the index", item(), item("rrs", "x"), 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indexWrites")
  void indexWriteUnits(String what, Optional<Map<String, AttributeValue>> before,
      Optional<Map<String, AttributeValue>> after, double units) {
    assertEquals(units, BillingRules.indexWriteUnits(SPARSE, before, after));
  }

  @ParameterizedTest(name = "projection ALL: {0}")
  @MethodSource("indexWrites")
  void anIndexThatProjectsEverythingIsWrittenOnEveryChange(String what,
      Optional<Map<String, AttributeValue>> before, Optional<Map<String, AttributeValue>> after,
      double keysOnlyUnits) {
    Index all = new Index("all", SPARSE.keys(), SPARSE.tableKeys(), true, List.of());
    double expected = what.startsWith("only an unprojected") ? 1.0 : keysOnlyUnits;
    assertEquals(expected, BillingRules.indexWriteUnits(all, before, after));
  }
}
