package dev.ddns.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda {@link Context} of one in-process invocation in {@code ddns local}: a time budget
 * that runs down from creation, as a function's timeout does. The functions log through SLF4J;
 * {@link #getLogger}, which the interface requires, writes to SLF4J too.
 */
public final class LocalContext implements Context {
  private static final Logger LOG = LoggerFactory.getLogger(LocalContext.class);
  private final String function;
  private final long deadlineNanos;
  private final LambdaLogger logger;
  private final String requestId = UUID.randomUUID().toString();

  public LocalContext(String function, Duration budget) {
    this.function = function;
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
    this.logger = new LambdaLogger() {
      @Override
      public void log(String message) {
        LOG.info(message);
      }

      @Override
      public void log(byte[] message) {
        LOG.info(new String(message, StandardCharsets.UTF_8));
      }
    };
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/ddns/local/" + function;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return function;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:local:000000000000:function:" + function;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  @Override
  public int getMemoryLimitInMB() {
    return (int) (Runtime.getRuntime().maxMemory() >> 20);
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
