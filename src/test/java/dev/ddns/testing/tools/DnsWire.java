package dev.ddns.testing.tools;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;

/** Raw DNS exchanges over loopback UDP and TCP: bytes out, bytes (or nothing) back. */
public final class DnsWire {
  public static final int TIMEOUT_MS = 5_000;

  public enum Transport {
    UDP,
    TCP
  }

  private DnsWire() {}

  public static byte[] exchange(Transport transport, int port, byte[] request) {
    return (transport == Transport.UDP ? udp(port, request) : tcp(port, request))
        .orElseThrow(() -> new AssertionError("no answer over " + transport + " on port " + port));
  }

  /**
   * Sends one message over {@code transport} and waits up to {@code timeoutMs} for the answer;
   * empty when none comes.
   */
  public static Optional<byte[]> send(Transport transport, int port, byte[] request,
      int timeoutMs) {
    return transport == Transport.UDP
        ? udp(port, request, timeoutMs) : tcpRaw(port, frame(request), timeoutMs);
  }

  /** Sends one datagram; empty when nothing comes back within the timeout. */
  public static Optional<byte[]> udp(int port, byte[] request) {
    return udp(port, request, TIMEOUT_MS);
  }

  /** As {@link #udp(int, byte[])} with a short timeout, for readiness polling. */
  public static Optional<byte[]> udpQuick(int port, byte[] request) {
    return udp(port, request, 200);
  }

  /** Sends one datagram from {@code source} (a loopback address such as 127.0.0.2). */
  public static Optional<byte[]> udpFrom(InetAddress source, int port, byte[] request) {
    return udp(new InetSocketAddress(source, 0), port, request, TIMEOUT_MS);
  }

  private static Optional<byte[]> udp(int port, byte[] request, int timeoutMs) {
    return udp(new InetSocketAddress(0), port, request, timeoutMs);
  }

  private static Optional<byte[]> udp(InetSocketAddress local, int port, byte[] request,
      int timeoutMs) {
    try (DatagramSocket socket = new DatagramSocket(local)) {
      socket.setSoTimeout(timeoutMs);
      InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      socket.send(new DatagramPacket(request, request.length, server));
      byte[] buffer = new byte[65_535];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      socket.receive(reply);
      return Optional.of(Arrays.copyOf(buffer, reply.getLength()));
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one length-prefixed message; empty when the server closes or stays silent. */
  public static Optional<byte[]> tcp(int port, byte[] request) {
    return tcpRaw(port, frame(request));
  }

  /** Writes {@code bytes} as they are (framing included) and reads one framed answer. */
  public static Optional<byte[]> tcpRaw(int port, byte[] bytes) {
    return tcpRaw(port, bytes, TIMEOUT_MS);
  }

  private static Optional<byte[]> tcpRaw(int port, byte[] bytes, int timeoutMs) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(timeoutMs);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.write(bytes);
      out.flush();
      socket.shutdownOutput();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int length = in.readUnsignedShort();
      byte[] answer = new byte[length];
      in.readFully(answer);
      return Optional.of(answer);
    } catch (SocketTimeoutException | EOFException | SocketException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] frame(byte[] message) {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }
}
