package dev.ddns.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of the tests (pom.xml sets {@code slf4j.provider} for surefire and failsafe):
 * our loggers' INFO and above, libraries' WARN and above, one line each on stderr, and every event
 * handed to the listeners a test adds ({@link #capture}, {@link #listen}).
 */
public final class TestLogging implements SLF4JServiceProvider {
  private static final List<Consumer<Event>> LISTENERS = new CopyOnWriteArrayList<>();
  private static volatile Level stderr = Level.INFO;

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();
  private final Map<String, TestLogger> loggers = new ConcurrentHashMap<>();

  /** One logged message, formatted. */
  public record Event(Level level, String logger, String message, Throwable thrown) {}

  /** The messages logged until it is closed. */
  public static final class Captured implements AutoCloseable {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Consumer<Event> listener = e -> messages.add(e.message());

    public List<String> messages() {
      return List.copyOf(messages);
    }

    @Override
    public void close() {
      LISTENERS.remove(listener);
    }
  }

  /** Starts capturing every message logged, from any thread. */
  public static Captured capture() {
    Captured captured = new Captured();
    LISTENERS.add(captured.listener);
    return captured;
  }

  /** Hands every event to {@code listener} until {@link #unlisten}; it may throw. */
  public static void listen(Consumer<Event> listener) {
    LISTENERS.add(listener);
  }

  public static void unlisten(Consumer<Event> listener) {
    LISTENERS.remove(listener);
  }

  /** Writes only events at {@code level} and above on stderr (benchmarks: ERROR). */
  public static void stderrFrom(Level level) {
    stderr = level;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return name -> loggers.computeIfAbsent(name, TestLogger::new);
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
  public void initialize() {}

  private static final class TestLogger extends LegacyAbstractLogger {
    private final transient Level threshold;

    TestLogger(String name) {
      this.name = name;
      this.threshold = name.startsWith("dev.ddns.") ? Level.INFO : Level.WARN;
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
      Event event = new Event(level, name, MessageFormatter.basicArrayFormat(pattern, arguments),
          thrown);
      if (level.toInt() >= stderr.toInt()) {
        System.err.println(level + " " + name.substring(name.lastIndexOf('.') + 1) + ": "
            + event.message() + (thrown == null ? "" : ": " + thrown));
      }
      for (Consumer<Event> listener : LISTENERS) {
        listener.accept(event);
      }
    }
  }
}
