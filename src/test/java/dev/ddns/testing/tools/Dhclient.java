package dev.ddns.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One DHCP client, ISC dhclient (Debian 12's isc-dhcp-client), in a network namespace: it sends
 * a host name and a client identifier of its own, gets one lease ({@code -1}) and stays in the
 * background renewing it until {@link #release} or {@link #vanish}. Its script only puts the
 * leased address on the interface: Debian's dhclient-script would rewrite /etc/resolv.conf,
 * which a network namespace shares with the machine.
 */
public final class Dhclient {
  private static final Pattern BOUND = Pattern.compile("bound to (\\S+) -- renewal");
  private static final String SCRIPT = """
      #!/bin/sh
      case "$reason" in
        BOUND|RENEW|REBIND|REBOOT)
          ip -4 addr replace "$new_ip_address/$new_subnet_mask" dev "$interface" ;;
        RELEASE|EXPIRE|STOP)
          [ -z "$old_ip_address" ] \\
            || ip -4 addr del "$old_ip_address/$old_subnet_mask" dev "$interface" ;;
      esac
      exit 0
      """;

  private final NetworkNamespace namespace;
  private final List<String> files;
  private final Path pidFile;
  private final String networkInterface;
  private final String address;

  private Dhclient(NetworkNamespace namespace, List<String> files, Path pidFile,
      String networkInterface, String address) {
    this.namespace = namespace;
    this.files = files;
    this.pidFile = pidFile;
    this.networkInterface = networkInterface;
    this.address = address;
  }

  /**
   * Runs dhclient on {@code networkInterface} of {@code namespace} until it holds a lease (at
   * most 10 s), its files in {@code dir}, and returns it.
   */
  public static Dhclient bind(NetworkNamespace namespace, String networkInterface, Path dir,
      String hostName, String clientId) {
    Path config = dir.resolve(clientId + "-dhclient.conf");
    Path script = dir.resolve("dhclient-script");
    Path pidFile = dir.resolve(clientId + "-dhclient.pid");
    try {
      Files.writeString(config, "send host-name \"" + hostName + "\";\n"
          + "send dhcp-client-identifier \"" + clientId + "\";\n"
          + "timeout 10;\nretry 1;\n");
      Files.writeString(script, SCRIPT);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> files = List.of("-cf", config.toString(), "-sf", script.toString(),
        "-lf", dir.resolve(clientId + "-dhclient.leases").toString(),
        "-pf", pidFile.toString());
    Exec.Result result = namespace.run(command(files, "-1", networkInterface)).assertSuccess();
    Matcher bound = BOUND.matcher(result.output());
    if (!bound.find()) {
      throw new AssertionError("dhclient printed no lease:\n" + result.describe());
    }
    return new Dhclient(namespace, files, pidFile, networkInterface, bound.group(1));
  }

  /** The leased address. */
  public String address() {
    return address;
  }

  /** {@code dhclient -r}: sends DHCPRELEASE for the lease and stops the background client. */
  public void release() {
    namespace.run(command(files, "-r", networkInterface)).assertSuccess();
  }

  /**
   * Kills the background client (SIGKILL), as a machine that is switched off: the lease is
   * neither renewed nor released, and expires at the server.
   */
  public void vanish() {
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessHandle.of(pid).ifPresent(process -> {
      process.destroyForcibly();
      process.onExit().join();
    });
  }

  private static List<String> command(List<String> files, String mode, String networkInterface) {
    List<String> command = new ArrayList<>(List.of(Tools.dhclient().toString(), "-4", "-v",
        mode));
    command.addAll(files);
    command.add(networkInterface);
    return command;
  }
}
