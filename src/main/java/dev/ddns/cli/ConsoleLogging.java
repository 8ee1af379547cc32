package dev.ddns.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of the {@code ddns} jar ({@code ddns local}, {@code ddns relay} and the other
 * commands): one readable line per message on standard error, {@code <program>: message}, with
 * {@code warning: } or {@code error: } before warnings and errors, and the stack trace after an
 * error's line. The program is {@code ddns relay} for the relay's loggers, {@code ddns local} for
 * {@code ddns local}'s, and otherwise the command running ({@link #program}). Our loggers log at
 * INFO and above, libraries' (Jetty, the AWS SDK) at ERROR only.
 */
public final class ConsoleLogging implements SLF4JServiceProvider {
  private static volatile String program = "ddns";

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();
  private ILoggerFactory loggers;

  /** Names the command running, e.g. {@code ddns local}, for the lines of shared code. */
  static void program(String name) {
    program = name;
  }

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
    Map<String, Logger> made = new ConcurrentHashMap<>();
    loggers = name -> made.computeIfAbsent(name,
        n -> new ConsoleLogger(n, line -> System.err.println(line)));
  }

  /** The line prefix of {@code logger}'s messages. */
  static String prefix(String logger) {
    if (logger.startsWith("dev.ddns.relay.")) {
      return "ddns relay";
    }
    return logger.startsWith("dev.ddns.local.") ? "ddns local" : program;
  }

  /** A logger writing readable lines to {@code out}. */
  static final class ConsoleLogger extends LegacyAbstractLogger {
    private final transient Level threshold;
    private final transient Consumer<String> out;

    ConsoleLogger(String name, Consumer<String> out) {
      this.name = name;
      this.threshold = name.startsWith("dev.ddns.") ? Level.INFO : Level.ERROR;
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
      StringBuilder line = new StringBuilder(prefix(name)).append(": ");
      if (level == Level.WARN) {
        line.append("warning: ");
      } else if (level == Level.ERROR) {
        line.append("error: ");
      }
      line.append(MessageFormatter.basicArrayFormat(pattern, arguments));
      if (thrown != null) {
        line.append(": ").append(thrown);
        if (level == Level.ERROR) {
          StringWriter trace = new StringWriter();
          thrown.printStackTrace(new PrintWriter(trace));
          line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
      }
      out.accept(line.toString());
    }
  }
}
