package dev.ddns.testing.lambda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * JSON as the Lambda service and the Runtime API carry it, to and from plain Java values: objects
 * are {@code Map<String, Object>} (insertion order kept), arrays {@code List<Object>}, and strings,
 * numbers, booleans and null as themselves. Parsing uses the AWS SDK's JSON core.
 */
public final class Json {
  private Json() {}

  /** {@code text} as Java values; numbers come back as their decimal text's {@link Number}. */
  public static Object parse(String text) {
    return value(JsonNode.parser().parse(text));
  }

  public static Object parse(byte[] bytes) {
    return parse(new String(bytes, StandardCharsets.UTF_8));
  }

  /** {@code value} parsed as an object; fails naming what it is otherwise. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object value) {
    if (!(value instanceof Map)) {
      throw new AssertionError("expected a JSON object, got " + value);
    }
    return (Map<String, Object>) value;
  }

  private static Object value(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.asObject().forEach((k, v) -> map.put(k, value(v)));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.asArray().forEach(v -> list.add(value(v)));
      return list;
    }
    if (node.isString()) {
      return node.asString();
    }
    if (node.isNumber()) {
      String number = node.asNumber();
      return number.matches("-?\\d{1,18}") ? (Number) Long.parseLong(number)
          : (Number) Double.parseDouble(number);
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return null;
  }

  /** {@code value} (maps, lists, strings, numbers, booleans, null) as JSON text. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(separator);
        string(e.getKey().toString(), out);
        out.append(':');
        write(e.getValue(), out);
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      string(value.toString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
