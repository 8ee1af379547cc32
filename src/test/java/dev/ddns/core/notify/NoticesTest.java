package dev.ddns.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.model.ZoneHead;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

class NoticesTest {
  private static final Name ZONE = Name.fromConstantString("example.test.");
  private static final Name OTHER = Name.fromConstantString("other.test.");

  private static HeadChange change(String id, Name zone, Long before, long after) {
    return new HeadChange(id, new ZoneHead(zone, 1, after, SerialPolicy.INCREMENT),
        before == null ? OptionalLong.empty() : OptionalLong.of(before));
  }

  static Stream<Arguments> serials() {
    return Stream.of(
        Arguments.of("went up by one", 1L, 2L, true),
        Arguments.of("unchanged (settings written)", 5L, 5L, false),
        Arguments.of("went down", 5L, 4L, false),
        Arguments.of("wrapped past 2^32 (RFC 1982 §3.2)", 4_294_967_295L, 1L, true),
        Arguments.of("jumped by 2^31 - 1", 0L, 2_147_483_647L, true),
        Arguments.of("2^31 apart is undefined (RFC 1982 §3.2)", 0L, 2_147_483_648L, false),
        Arguments.of("created, no previous serial", null, 1L, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serials")
  void notifiesWhenTheSerialWentUp(String why, Long before, long after, boolean notify) {
    List<ZoneNotice> notices = Notices.from(List.of(change("1", ZONE, before, after)));
    assertEquals(notify ? 1 : 0, notices.size(), why);
  }

  @Test
  void severalChangesOfOneZoneMakeOneNoticeWithTheNewestSerial() {
    List<ZoneNotice> notices = Notices.from(List.of(
        change("1", ZONE, 1L, 2L), change("2", OTHER, 7L, 8L), change("3", ZONE, 2L, 3L),
        change("4", ZONE, 3L, 3L)));
    assertEquals(2, notices.size());
    assertEquals(new ZoneNotice(ZONE, 3, notices.get(0).settings(), List.of("1", "3")),
        notices.get(0));
    assertEquals(OTHER, notices.get(1).zone());
    assertEquals(8, notices.get(1).serial());
  }
}
