package dev.ddns.testing.tools;

import java.util.ArrayList;
import java.util.List;

/** Runs BIND's nsupdate with a script on stdin. */
public final class Nsupdate {
  private Nsupdate() {}

  /** How nsupdate authenticates: {@code -y alg:name:secret} or {@code -k file}. */
  public record Auth(List<String> arguments) {
    public static Auth y(TestKey key) {
      return new Auth(List.of("-y", key.yArgument()));
    }

    public static Auth k(TestKey key) {
      return new Auth(List.of("-k", key.file().toString()));
    }
  }

  public static Exec.Result run(Auth auth, DnsWire.Transport transport, String script) {
    return Exec.run(command(auth, transport), script);
  }

  public static List<String> command(Auth auth, DnsWire.Transport transport) {
    List<String> command = new ArrayList<>();
    command.add(Tools.nsupdate().toString());
    if (transport == DnsWire.Transport.TCP) {
      command.add("-v");
    }
    command.addAll(auth.arguments());
    return command;
  }

  /** A script that sends one update to 127.0.0.1:{@code port} for the demo zone. */
  public static String script(int port, String... updateLines) {
    StringBuilder script = new StringBuilder();
    script.append("server 127.0.0.1 ").append(port).append('\n');
    script.append("zone ").append(DemoZone.NAME).append('\n');
    for (String line : updateLines) {
      script.append(line).append('\n');
    }
    return script.append("send\n").toString();
  }
}
