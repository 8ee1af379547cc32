package dev.ddns.testing.tools;

/** The demo zone that {@code ddns local} creates; BIND is given the same content. */
public final class DemoZone {
  public static final String NAME = "example.test.";

  public static final String MASTER_FILE =
      "$ORIGIN example.test.\n"
          + "$TTL 3600\n"
          + "@ 3600 IN SOA ns1.example.test. hostmaster.example.test. 1 3600 900 604800 300\n"
          + "@ 3600 IN NS ns1.example.test.\n"
          + "ns1 3600 IN A 127.0.0.1\n";

  private DemoZone() {}
}
