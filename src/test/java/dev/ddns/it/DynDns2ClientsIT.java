package dev.ddns.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddns.testing.tools.DemoZone;
import dev.ddns.testing.tools.Dig;
import dev.ddns.testing.tools.Exec;
import dev.ddns.testing.tools.LocalDdns;
import dev.ddns.testing.tools.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real dynamic-DNS clients against {@code ddns local} (docs/clients.md, the configurations as
 * tested): ddclient speaking dyndns2 with a token, ddclient driving nsupdate with a TSIG key, and
 * inadyn with a custom dyndns2 provider. Each client's record is then answered by dig through the
 * relay, and {@code ddns history} names how it was authorized. Plain HTTP on loopback, one-shot
 * runs, caches and pid files in a temporary directory; the address comes from the configuration,
 * so no client looks anything up elsewhere.
 */
class DynDns2ClientsIT {
  private static final String ZONE = DemoZone.NAME;
  /**
   * A TTL no ddclient protocol raises: ddclient checks each keyword of its configuration
   * against one definition merged over all protocols in Perl's random hash order, and in some
   * runs that is gandi's, whose TTL minimum of five minutes turns {@code ttl=60} into 300.
   * 900 is also no protocol's default, so the stored TTL shows the setting was applied.
   */
  private static final int DDCLIENT_TTL = 900;

  @TempDir static Path dir;
  private static LocalDdns ddns;
  private static Path keys;

  @BeforeAll
  static void start() throws IOException {
    keys = Files.createDirectories(dir.resolve("keys"));
    ddns = LocalDdns.start(dir, List.of(), List.of("--key-dir", keys.toString()));
  }

  @AfterAll
  static void stop() {
    if (ddns != null) {
      ddns.close();
    }
  }

  @Test
  void ddclientWithDyndns2AndAToken() throws IOException {
    String secret = token("ddclient", "ddclient-router." + ZONE);
    Path conf = write("ddclient.conf", String.join("\n",
        "daemon=0",
        "ssl=no",
        "use=ip, ip=192.0.2.41",
        "protocol=dyndns2",
        "server=127.0.0.1:" + ddns.httpPort(),
        "login=ddclient",
        "password=" + secret,
        "ddclient-router." + ZONE.substring(0, ZONE.length() - 1),
        ""));
    Exec.Result run = ddclient(conf, "dyndns2");
    assertTrue(run.output().contains("SUCCESS"), run.describe() + "\n" + ddns.diagnostics());
    assertEquals(List.of("ddclient-router." + ZONE + " 60 IN A 192.0.2.41"),
        Dig.answer(ddns.dnsPort(), "ddclient-router." + ZONE, "A"));
    assertHistory("token:ddclient", "(dyndns2)", "ddclient-router." + ZONE);
  }

  @Test
  void ddclientWithNsupdateAndATsigKey() throws IOException {
    Exec.Result created = ddns("key", "create", "ddclient-ns." + ZONE, "--key-dir",
        keys.toString(), "--zone", ZONE, "--grant", "name ddclient-ns-host." + ZONE + " A AAAA",
        "--endpoint-url", ddns.dynamoDbEndpoint().toString());
    Path keyFile = write("ddclient-ns.key", keyFileText(created.output()));
    Path conf = write("ddclient-nsupdate.conf", String.join("\n",
        "daemon=0",
        "use=ip, ip=192.0.2.42",
        "protocol=nsupdate",
        "server=127.0.0.1:" + ddns.dnsPort(),
        "login=" + Tools.nsupdate(),
        "password=" + keyFile,
        "zone=" + ZONE.substring(0, ZONE.length() - 1),
        "ttl=" + DDCLIENT_TTL,
        "ddclient-ns-host." + ZONE.substring(0, ZONE.length() - 1),
        ""));
    Exec.Result run = ddclient(conf, "nsupdate");
    assertTrue(run.output().contains("SUCCESS"), run.describe() + "\n" + ddns.diagnostics());
    assertEquals(List.of("ddclient-ns-host." + ZONE + " " + DDCLIENT_TTL + " IN A 192.0.2.42"),
        Dig.answer(ddns.dnsPort(), "ddclient-ns-host." + ZONE, "A"), run.describe());
    assertHistory("ddclient-ns." + ZONE, "127.0.0.1", "ddclient-ns-host." + ZONE);
  }

  @Test
  void inadynWithACustomDyndns2Provider() throws IOException {
    String secret = token("inadyn", "inadyn-router." + ZONE);
    Path cache = Files.createDirectories(dir.resolve("inadyn-cache"));
    Path conf = write("inadyn.conf", String.join("\n",
        "period = 300",
        "verify-address = false",
        "custom ddns {",
        "  ssl = false",
        "  username = inadyn",
        "  password = " + secret,
        "  checkip-command = \"echo 192.0.2.43\"",
        "  ddns-server = 127.0.0.1:" + ddns.httpPort(),
        "  ddns-path = \"/nic/update?hostname=%h&myip=%i\"",
        "  hostname = inadyn-router." + ZONE.substring(0, ZONE.length() - 1),
        "}",
        ""));
    Exec.Result run = Exec.run(List.of(Tools.inadyn().toString(), "--once", "--foreground",
        "--force", "-l", "debug", "-f", conf.toString(), "--cache-dir", cache.toString(),
        "-P", dir.resolve("inadyn.pid").toString()), Map.of(), "", Duration.ofSeconds(60));
    assertEquals(List.of("inadyn-router." + ZONE + " 60 IN A 192.0.2.43"),
        Dig.answer(ddns.dnsPort(), "inadyn-router." + ZONE, "A"), run.describe() + "\n"
            + ddns.diagnostics());
    assertHistory("token:inadyn", "(dyndns2)", "inadyn-router." + ZONE);
  }

  @Test
  void aWrongPasswordIsBadauthOverRealHttpAndChangesNothing() throws Exception {
    token("guessed", "guessed-host." + ZONE);
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + ddns.httpPort()
            + "/nic/update?hostname=guessed-host." + ZONE + "&myip=192.0.2.66"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            "guessed:not-the-token".getBytes(StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("badauth\n", answer.body());
    HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + ddns.httpPort()
            + "/nic/update?hostname=guessed-host." + ZONE + "&myip=192.0.2.66"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    assertEquals("badauth\n", anonymous.body());
    assertEquals(List.of(), Dig.answer(ddns.dnsPort(), "guessed-host." + ZONE, "A"));
  }

  /** {@code ddns token create NAME --zone --host}: the secret it printed. */
  private static String token(String name, String host) {
    Exec.Result created = ddns("token", "create", name, "--key-dir", keys.toString(),
        "--zone", ZONE, "--host", host, "--endpoint-url", ddns.dynamoDbEndpoint().toString());
    String[] lines = created.output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  /** The BIND key file {@code ddns key create} printed after its messages. */
  private static String keyFileText(String output) {
    return output.substring(output.indexOf("key \"")) + "\n";
  }

  private static Exec.Result ddclient(Path conf, String what) {
    return Exec.run(List.of(Tools.ddclient().toString(), "-foreground", "-daemon=0", "-force", "-verbose",
        "-noquiet", "-file", conf.toString(), "-cache", dir.resolve(what + ".cache").toString(),
        "-pid", dir.resolve(what + ".pid").toString()), Map.of(), "", Duration.ofSeconds(60));
  }

  private static void assertHistory(String key, String client, String owner) {
    String history = ddns("history", ZONE, "--endpoint-url",
        ddns.dynamoDbEndpoint().toString()).output();
    for (String wanted : List.of(key, client, owner)) {
      assertTrue(history.contains(wanted), "history names " + wanted + ":\n" + history);
    }
  }

  private static Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions
        .fromString("rw-------"));
    return file;
  }

  private static Exec.Result ddns(String... arguments) {
    List<String> command = new ArrayList<>(List.of(Tools.java().toString(), "-jar",
        LocalDdns.jar().toString()));
    command.addAll(List.of(arguments));
    return Exec.run(command, Map.of(), "", Duration.ofSeconds(60)).assertSuccess();
  }
}
