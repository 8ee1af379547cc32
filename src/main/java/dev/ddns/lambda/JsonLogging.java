package dev.ddns.lambda;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of the Lambda artifact: one JSON object per line on standard output, in the
 * shape of Lambda's JSON log format ({@code timestamp}, {@code level}, {@code message}, {@code
 * logger}, {@code AWSRequestId} from the MDC the handlers set), then any key-value pairs of the
 * event as fields, then {@code errorType}, {@code errorMessage} and {@code stackTrace} for an
 * exception. Our loggers log at {@code AWS_LAMBDA_LOG_LEVEL} (INFO when unset), others at WARN or
 * above. Registered for the Lambda jar only (pom.xml, shade execution {@code lambda-jar}).
 */
public final class JsonLogging implements SLF4JServiceProvider {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();
  private ILoggerFactory loggers;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    Level level = level(System.getenv("AWS_LAMBDA_LOG_LEVEL"));
    Map<String, Logger> made = new ConcurrentHashMap<>();
    loggers = name -> made.computeIfAbsent(name,
        n -> new JsonLogger(n, threshold(n, level), line -> System.out.println(line)));
  }

  /** The level {@code AWS_LAMBDA_LOG_LEVEL} names (FATAL is ERROR here); INFO when unset. */
  static Level level(String setting) {
    if (setting == null || setting.isBlank()) {
      return Level.INFO;
    }
    String name = setting.strip().toUpperCase(Locale.ROOT);
    return name.equals("FATAL") ? Level.ERROR : Level.valueOf(name);
  }

  /** Our loggers at {@code level}; libraries' at WARN or above. */
  static Level threshold(String logger, Level level) {
    return logger.startsWith("dev.ddns.") || level.toInt() >= Level.WARN.toInt()
        ? level : Level.WARN;
  }

  /** A logger writing JSON lines to {@code out}, at {@code threshold} and above. */
  static final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private final transient Level threshold;
    private final transient Consumer<String> out;

    JsonLogger(String name, Level threshold, Consumer<String> out) {
      this.name = name;
      this.threshold = threshold;
      this.out = out;
    }

    private boolean enabled(Level level) {
      return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
        Object[] arguments, Throwable thrown) {
      write(level, MessageFormatter.basicArrayFormat(pattern, arguments), List.of(), thrown);
    }

    @Override
    public void log(LoggingEvent event) {
      if (enabled(event.getLevel())) {
        Object[] arguments = event.getArgumentArray();
        String message = arguments == null ? event.getMessage()
            : MessageFormatter.basicArrayFormat(event.getMessage(), arguments);
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        write(event.getLevel(), message, pairs == null ? List.of() : pairs,
            event.getThrowable());
      }
    }

    private void write(Level level, String message, List<KeyValuePair> pairs, Throwable thrown) {
      JsonObject line = new JsonObject()
          .put("timestamp", TIMESTAMP.format(Instant.now()))
          .put("level", level.name())
          .put("message", message)
          .put("logger", name)
          .put(RequestIds.KEY, MDC.get(RequestIds.KEY));
      for (KeyValuePair pair : pairs) {
        if (pair.value instanceof Number number) {
          line.put(pair.key, number.doubleValue());
        } else {
          line.put(pair.key, String.valueOf(pair.value));
        }
      }
      if (thrown != null) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        line.put("errorType", thrown.getClass().getName())
            .put("errorMessage", thrown.getMessage())
            .putArray("stackTrace", trace.toString().lines().skip(1).map(String::strip)
                .map(JsonObject::quote).toList());
      }
      out.accept(line.toString());
    }
  }
}
