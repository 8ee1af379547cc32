package dev.ddns.testing.lambda;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What became of one event given to the runtime. */
public final class Invocation {
  private Invocation() {}

  /** The runtime's answer to one event: a response payload, or an error report. */
  public sealed interface Result permits Response, Failure {
    /** The response payload; fails with the error report when the invocation failed. */
    default byte[] payload() {
      if (this instanceof Failure failure) {
        throw new AssertionError("the invocation failed: " + failure.error());
      }
      return ((Response) this).bytes();
    }
  }

  /** {@code POST /runtime/invocation/ID/response}. */
  public record Response(byte[] bytes) implements Result {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Response[" + text() + "]";
    }
  }

  /** {@code POST /runtime/invocation/ID/error}, or the init error that ended the runtime. */
  public record Failure(ErrorReport error) implements Result {}

  /**
   * An error report as the runtime sends it: the {@code Lambda-Runtime-Function-Error-Type}
   * header (e.g. {@code Runtime.BadFunctionCode}) and the JSON body's errorType, errorMessage and
   * stackTrace.
   */
  public record ErrorReport(String runtimeErrorType, String errorType, String errorMessage,
      List<String> stackTrace, String body) {
    static ErrorReport of(String header, byte[] body) {
      String text = new String(body, StandardCharsets.UTF_8);
      Map<String, Object> json = Json.object(Json.parse(text));
      List<String> trace = json.get("stackTrace") instanceof List<?> list
          ? list.stream().map(String::valueOf).toList() : List.of();
      return new ErrorReport(header, String.valueOf(json.get("errorType")),
          String.valueOf(json.get("errorMessage")), trace, text);
    }
  }
}
