package dev.ddns.core.port;

import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Message;

/**
 * Sends NOTIFY messages (<a href="https://www.rfc-editor.org/rfc/rfc1996">RFC 1996</a>) to
 * secondaries: all at once, each retried until its target answers or the window closes.
 */
public interface NotifySender {

  /** One NOTIFY for one target ({@code host}, {@code host:port} or {@code [v6]:port}). */
  record Notification(Message message, String target) {}

  /** Delivers every notification and reports on each, in the order given; returns within {@code window}. */
  List<NotifyDelivery> send(List<Notification> notifications, Duration window);
}
