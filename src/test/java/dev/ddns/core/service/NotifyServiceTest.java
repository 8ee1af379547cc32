package dev.ddns.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.core.model.ZoneHead;
import dev.ddns.core.notify.HeadChange;
import dev.ddns.core.port.NotifyDelivery;
import dev.ddns.core.port.NotifyDelivery.Outcome;
import dev.ddns.core.port.NotifyOutcome;
import dev.ddns.core.port.NotifySender;
import dev.ddns.core.port.ZoneStore;
import dev.ddns.testing.TestZone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;

class NotifyServiceTest {
  private static final List<String> TARGETS = List.of("192.0.2.1:53", "[2001:db8::1]:5300");

  private final ZoneStore store = TestZone.store();
  private final List<NotifySender.Notification> sent = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private boolean senderFails;

  private final NotifySender sender = (notifications, window) -> {
    if (senderFails) {
      throw new IllegalStateException("socket closed");
    }
    sent.addAll(notifications);
    return notifications.stream().map(n -> new NotifyDelivery(n.target(), Outcome.ANSWERED, 1,
        0, Duration.ofMillis(1))).toList();
  };

  private NotifyService.Result notifyOf(Name zone, String notifyKey, List<String> targets) {
    ZoneHead head = store.open(TestZone.ZONE).orElseThrow().head();
    ZoneHead changed = new ZoneHead(zone, head.version() + 1, head.serial() + 1,
        head.settings().withNotifyTargets(targets).withNotifyKey(notifyKey));
    HeadChange change = new HeadChange("change-1", changed, OptionalLong.of(head.serial()));
    return new NotifyService(store, TestZone.keys(), sender, DnsServiceTest.CLOCK, new Random(1))
        .notify(List.of(change), Duration.ofSeconds(1), log::add);
  }

  @Test
  void everyTargetGetsOneSignedNotify() {
    NotifyService.Result result = notifyOf(TestZone.ZONE, TestZone.KEY.name().toString(), TARGETS);
    assertEquals(TARGETS, sent.stream().map(NotifySender.Notification::target).toList());
    assertTrue(sent.stream().allMatch(n -> n.message().getHeader().getOpcode() == Opcode.NOTIFY
        && n.message().getTSIG() != null));
    assertTrue(result.failedChangeIds().isEmpty());
    assertEquals(2, result.deliveries().size());
    assertTrue(log.get(0).contains("to 192.0.2.1:53: answered NOERROR after 1 datagram(s)"),
        log.get(0));
  }

  @Test
  void eachTargetsOutcomeIsRecordedWithTheZoneForStatus() {
    notifyOf(TestZone.ZONE, "", TARGETS);
    long announced = store.open(TestZone.ZONE).orElseThrow().head().serial() + 1;
    assertEquals(List.of(
            new NotifyOutcome("192.0.2.1:53", announced, DnsServiceTest.NOW, Outcome.ANSWERED, 0),
            new NotifyOutcome("[2001:db8::1]:5300", announced, DnsServiceTest.NOW,
                Outcome.ANSWERED, 0)),
        store.notifyOutcomes(TestZone.ZONE), "by target");
  }

  @Test
  void aMissingNotifyKeySendsNothingAndIsNotRetried() {
    NotifyService.Result result = notifyOf(TestZone.ZONE, "absent.key.", TARGETS);
    assertTrue(sent.isEmpty());
    assertTrue(result.failedChangeIds().isEmpty());
    assertTrue(log.get(0).contains("notify key absent.key. is not in the key store"), log.get(0));
  }

  @Test
  void aZoneNoLongerServedSendsNothing() {
    NotifyService.Result result = notifyOf(Name.fromConstantString("gone.test."), "", TARGETS);
    assertTrue(sent.isEmpty());
    assertTrue(result.failedChangeIds().isEmpty());
    assertTrue(log.get(0).contains("zone no longer served"), log.get(0));
  }

  @Test
  void aZoneWithoutTargetsSendsNothing() {
    NotifyService.Result result = notifyOf(TestZone.ZONE, "", List.of());
    assertTrue(sent.isEmpty());
    assertTrue(result.failedChangeIds().isEmpty());
    assertTrue(log.isEmpty(), log.toString());
  }

  @Test
  void aSenderThatFailsHasTheChangesDeliveredAgain() {
    senderFails = true;
    NotifyService.Result result = notifyOf(TestZone.ZONE, "", TARGETS);
    assertEquals(List.of("change-1"), List.copyOf(result.failedChangeIds()));
    assertTrue(log.get(0).contains("sending failed"), log.get(0));
  }
}
