package dev.ddns.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;

/**
 * The invocation's request id in the MDC under {@value #KEY} while a handler runs, so every log
 * line of the invocation carries it ({@link JsonLogging}).
 */
final class RequestIds {
  /** The MDC key, named as Lambda's JSON log format names the field. */
  static final String KEY = "AWSRequestId";

  private RequestIds() {}

  /** Puts {@code context}'s request id; none without a context (SnapStart priming). */
  static void put(Context context) {
    String id = context == null ? null : context.getAwsRequestId();
    if (id == null) {
      MDC.remove(KEY);
    } else {
      MDC.put(KEY, id);
    }
  }

  /** Removes the request id when the invocation ends. */
  static void clear() {
    MDC.remove(KEY);
  }
}
