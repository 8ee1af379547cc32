package dev.ddns.adapter.dns;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DNS-over-TCP framing (<a href="https://www.rfc-editor.org/rfc/rfc1035#section-4.2.2">RFC 1035
 * §4.2.2</a>, <a href="https://www.rfc-editor.org/rfc/rfc7766#section-8">RFC 7766 §8</a>): each
 * message is preceded by its length as a two-byte big-endian number.
 */
public final class TcpFraming {
  /** The largest message a two-byte length can announce. */
  public static final int MAX_MESSAGE = 65_535;

  private TcpFraming() {}

  /**
   * Reads one framed message; null when the stream ends cleanly before a new message.
   *
   * @throws IOException when the stream ends inside a message or the message exceeds {@code max}
   */
  public static byte[] read(InputStream in, int max) throws IOException {
    int high = in.read();
    if (high < 0) {
      return null;
    }
    int low = in.read();
    if (low < 0) {
      throw new EOFException("stream ended inside a length prefix");
    }
    int length = (high << 8) | low;
    if (length > max) {
      throw new IOException("message of " + length + " bytes exceeds the limit of " + max);
    }
    byte[] message = in.readNBytes(length);
    if (message.length != length) {
      throw new EOFException("stream ended after " + message.length + " of " + length + " bytes");
    }
    return message;
  }

  /** Writes one message with its length prefix; does not flush. */
  public static void write(OutputStream out, byte[] message) throws IOException {
    if (message.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("message of " + message.length + " bytes cannot be framed");
    }
    out.write(message.length >>> 8);
    out.write(message.length & 0xff);
    out.write(message);
  }

  /** The messages framed one after another, as one byte array. */
  public static byte[] frame(List<byte[]> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (byte[] message : messages) {
        write(out, message);
      }
    } catch (IOException e) {
      throw new AssertionError("ByteArrayOutputStream does not throw", e);
    }
    return out.toByteArray();
  }

  /** Splits a framed byte array back into its messages; fails on a truncated frame. */
  public static List<byte[]> unframe(byte[] stream) throws IOException {
    List<byte[]> messages = new ArrayList<>();
    InputStream in = new java.io.ByteArrayInputStream(stream);
    for (byte[] m = read(in, MAX_MESSAGE); m != null; m = read(in, MAX_MESSAGE)) {
      messages.add(m);
    }
    return messages;
  }
}
