package dev.ddns.testing.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Linux network namespace of a test's own ({@code ip netns add}, which needs root), with its
 * loopback up, so that a test can run servers on fixed ports (a DHCP server, a relay on port 53)
 * and real client traffic without touching the machine's own network. Closing it ends every
 * process still inside (those the test started there) and deletes it, with its interfaces.
 */
public final class NetworkNamespace implements AutoCloseable {
  private final String name;

  private NetworkNamespace(String name) {
    this.name = name;
  }

  /** Creates namespace {@code name}; fails loudly without {@code ip} or without root. */
  public static NetworkNamespace create(String name) {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("network namespaces need root: run the interop tests"
          + " that create them (" + name + ") as root");
    }
    ip("netns", "add", name);
    NetworkNamespace namespace = new NetworkNamespace(name);
    try {
      namespace.ipInside("link", "set", "lo", "up");
    } catch (RuntimeException | AssertionError e) {
      namespace.close();
      throw e;
    }
    return namespace;
  }

  /**
   * Joins {@code a} and {@code b} with a veth pair: {@code aInterface} in {@code a} with
   * {@code aAddress} (CIDR), {@code bInterface} in {@code b} without an address, both up.
   * Interface names have at most 15 characters. The pair goes when either namespace does.
   */
  public static void link(NetworkNamespace a, String aInterface, String aAddress,
      NetworkNamespace b, String bInterface) {
    ip("link", "add", aInterface, "type", "veth", "peer", "name", bInterface);
    try {
      ip("link", "set", aInterface, "netns", a.name);
      ip("link", "set", bInterface, "netns", b.name);
    } catch (AssertionError e) {
      Exec.run(List.of(Tools.ip().toString(), "link", "delete", aInterface), "");
      throw e;
    }
    a.ipInside("addr", "add", aAddress, "dev", aInterface);
    a.ipInside("link", "set", aInterface, "up");
    b.ipInside("link", "set", bInterface, "up");
  }

  /** {@code command} as run inside this namespace. */
  public List<String> wrap(List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of(Tools.ip().toString(), "netns", "exec", name));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Runs a short-lived {@code command} inside this namespace. */
  public Exec.Result run(List<String> command) {
    return Exec.run(wrap(command), "");
  }

  /** Ends the processes still inside, by their ids, then deletes the namespace. */
  @Override
  public void close() {
    List<ProcessHandle> inside = ip("netns", "pids", name).output().lines()
        .map(String::trim).filter(pid -> !pid.isEmpty())
        .map(pid -> ProcessHandle.of(Long.parseLong(pid))).flatMap(Optional::stream).toList();
    inside.forEach(ToolProcess::stop);
    ip("netns", "delete", name);
  }

  @Override
  public String toString() {
    return "network namespace " + name;
  }

  private void ipInside(String... arguments) {
    List<String> command = new ArrayList<>(List.of(Tools.ip().toString(), "-n", name));
    command.addAll(List.of(arguments));
    Exec.run(command, "").assertSuccess();
  }

  private static Exec.Result ip(String... arguments) {
    List<String> command = new ArrayList<>(List.of(Tools.ip().toString()));
    command.addAll(List.of(arguments));
    return Exec.run(command, "").assertSuccess();
  }
}
