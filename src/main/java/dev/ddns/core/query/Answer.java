package dev.ddns.core.query;

import org.xbill.DNS.Message;

/**
 * An answer built for a query: the message (without TSIG) and, when it failed, why in words for
 * the Extended DNS Error text (RFC 8914).
 *
 * @param message the response message
 * @param reason why it failed; empty when it did not
 */
public record Answer(Message message, String reason) {}
