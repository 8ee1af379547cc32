package dev.ddns.core.notify;

import dev.ddns.core.model.ZoneHead;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One write of a zone head as the table's change stream reports it.
 *
 * @param id the change's identifier in the stream (reported back when it cannot be handled)
 * @param head the head after the write
 * @param previousSerial the serial before the write; empty when the head was created
 */
public record HeadChange(String id, ZoneHead head, OptionalLong previousSerial) {
  public HeadChange {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(previousSerial, "previousSerial");
  }
}
