package dev.ddns.lambda;

import java.util.List;
import java.util.Locale;

/**
 * A one-line JSON object written field by field, for log lines (<a
 * href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259</a>); the Lambda jar carries no JSON
 * library of its own. Fields keep the order they are put in.
 */
final class JsonObject {
  private final StringBuilder out = new StringBuilder("{");

  JsonObject put(String name, String value) {
    return value == null ? this : raw(name, quote(value));
  }

  JsonObject put(String name, long value) {
    return raw(name, Long.toString(value));
  }

  JsonObject put(String name, double value) {
    return raw(name, number(value));
  }

  /** An array of JSON values, each already written (objects, arrays or quoted strings). */
  JsonObject putArray(String name, List<String> jsonValues) {
    return raw(name, array(jsonValues));
  }

  static String array(List<String> jsonValues) {
    return "[" + String.join(",", jsonValues) + "]";
  }

  static String quote(String value) {
    StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "null";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value) : Double.toString(value);
  }

  private JsonObject raw(String name, String json) {
    if (out.length() > 1) {
      out.append(',');
    }
    out.append(quote(name)).append(':').append(json);
    return this;
  }

  /** This object with one more field at the end, leaving this object as it is. */
  String toStringWith(String name, JsonObject value) {
    StringBuilder line = new StringBuilder(out);
    if (line.length() > 1) {
      line.append(',');
    }
    return line.append(quote(name)).append(':').append(value).append('}').toString();
  }

  @Override
  public String toString() {
    return out + "}";
  }
}
