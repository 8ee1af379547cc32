package dev.ddns.adapter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.notify.NotifyMessage;
import dev.ddns.core.port.NotifyDelivery;
import dev.ddns.core.port.NotifyDelivery.Outcome;
import dev.ddns.core.port.NotifySender.Notification;
import dev.ddns.testing.LoopbackSecondary;
import dev.ddns.testing.LoopbackSecondary.Mode;
import dev.ddns.testing.TestZone;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;

/** NOTIFY over real UDP sockets on loopback, each standing in for a secondary. */
class UdpNotifySenderTest {
  private static final Duration FIRST = Duration.ofMillis(50);
  private static final Duration WINDOW = Duration.ofMillis(600);

  private final UdpNotifySender sender = new UdpNotifySender(FIRST, Duration.ofMinutes(1));

  @AfterEach
  void close() {
    sender.close();
  }

  private static Message notify(int id) {
    SOARecord soa = (SOARecord) TestZone.rr(TestZone.DEFAULT.get(0));
    return NotifyMessage.build(soa, id, Optional.empty(), Clock.systemUTC());
  }

  @Test
  void anAnsweringSecondaryGetsOneDatagram() throws Exception {
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.ANSWER)) {
      NotifyDelivery d = sender.send(List.of(new Notification(notify(7), secondary.target())),
          WINDOW).get(0);
      assertEquals(Outcome.ANSWERED, d.outcome());
      assertEquals(Rcode.NOERROR, d.rcode());
      assertEquals(1, d.attempts());
      assertNotNull(secondary.next(0));
      assertEquals(1, secondary.datagrams());
    }
  }

  @Test
  void notimpEndsTheRetries() {
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.NOTIMP)) {
      NotifyDelivery d = sender.send(List.of(new Notification(notify(8), secondary.target())),
          WINDOW).get(0);
      assertEquals(Outcome.ANSWERED, d.outcome());
      assertEquals(Rcode.NOTIMP, d.rcode());
      assertEquals(1, secondary.datagrams());
    }
  }

  @Test
  void retriesWithBackoffUntilTheSecondaryAnswers() {
    try (LoopbackSecondary secondary = LoopbackSecondary.start(Mode.ANSWER, 2)) {
      NotifyDelivery d = sender.send(List.of(new Notification(notify(9), secondary.target())),
          WINDOW).get(0);
      assertEquals(Outcome.ANSWERED, d.outcome());
      assertEquals(3, d.attempts());
    }
  }

  @Test
  void aSilentSecondaryIsReportedAndDoesNotHoldUpTheOthers() throws InterruptedException {
    try (LoopbackSecondary silent = LoopbackSecondary.start(Mode.SILENT);
        LoopbackSecondary answering = LoopbackSecondary.start(Mode.ANSWER)) {
      List<NotifyDelivery> deliveries = sender.send(List.of(
          new Notification(notify(10), silent.target()),
          new Notification(notify(10), answering.target())), WINDOW);
      NotifyDelivery quiet = deliveries.get(0);
      assertEquals(Outcome.SILENT, quiet.outcome());
      assertTrue(quiet.attempts() >= 3, "50, 100, 200 ms timeouts fit in the window: " + quiet);
      assertEquals(quiet.attempts(), silent.awaitDatagrams(quiet.attempts(), 2000));
      assertEquals(Outcome.ANSWERED, deliveries.get(1).outcome());
      assertEquals(1, deliveries.get(1).attempts());
    }
  }

  @Test
  void aTargetSilentForAWholeWindowGetsOneDatagramNextTime() throws InterruptedException {
    try (LoopbackSecondary silent = LoopbackSecondary.start(Mode.SILENT)) {
      NotifyDelivery first = sender.send(
          List.of(new Notification(notify(11), silent.target())), WINDOW).get(0);
      int before = silent.awaitDatagrams(first.attempts(), 2000);
      NotifyDelivery again = sender.send(
          List.of(new Notification(notify(12), silent.target())), WINDOW).get(0);
      assertEquals(Outcome.SILENT, again.outcome());
      assertEquals(1, again.attempts());
      assertEquals(before + 1, silent.awaitDatagrams(before + 1, 2000));
    }
  }

  @Test
  void aMalformedTargetIsReportedWithoutSending() {
    NotifyDelivery d = sender.send(List.of(new Notification(notify(13), "[::1")), WINDOW).get(0);
    assertEquals(Outcome.BAD_TARGET, d.outcome());
    assertEquals(0, d.attempts());
  }
}
