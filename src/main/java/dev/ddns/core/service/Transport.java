package dev.ddns.core.service;

/** How a DNS message reached the service; decides truncation and which operations are allowed. */
public enum Transport {
  /** Datagram: responses must fit the client's UDP payload size, else they are truncated (TC). */
  UDP,
  /** Stream: responses may be up to 65,535 bytes each, and transfers may span several messages. */
  TCP,
  /** DNS-over-HTTPS (RFC 8484) called directly: one message per response, no size limit below 64 KiB. */
  HTTPS
}
