package dev.ddns.lambda;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The environment variable names a Lambda handler's code can read, found in its compiled classes
 * rather than listed by hand: every method reachable from the handler's no-argument constructor
 * (what Lambda calls at init) and its {@code handleRequest}, through static, special and virtual
 * calls, lambdas and method references into {@code dev.ddns} classes (and their static
 * initialisers), and in those methods every string constant that names a variable: a
 * {@code DDNS_*} or {@code AWS_*} constant (the {@code Wiring} constants are compile-time
 * constants, so they appear where they are used) or the argument of {@code System.getenv(String)}.
 * Calls through an interface are not followed: the wiring names its classes, and what runs behind
 * an interface is wired, not configured. Reads {@code javap -c -v -p} output of
 * {@code target/classes}.
 */
final class EnvironmentReads {
  /** The main classes this build compiled (under {@code -DbuildDir} when it is set). */
  private static final Path CLASSES = classesOf(Wiring.class);
  private static final String OWN_PACKAGE = "dev/ddns/";
  private static final Pattern VARIABLE = Pattern.compile("(DDNS|AWS)_[A-Z0-9_]+");
  private static final Pattern METHOD_HEADER = Pattern.compile(
      "^  (?:[\\w$<>\\[\\].,? ]+ )?([\\w$.]+)\\(.*\\)(?: throws [\\w$., ]+)?;$");
  private static final Pattern CALL = Pattern.compile(
      "\\s(invokestatic|invokespecial|invokevirtual)\\s+#\\d+\\s+// (?:Interface)?Method "
          + "(?:([\\w/$]+)\\.)?([\\w$<>]+):(\\S+)");
  private static final Pattern STRING = Pattern.compile("\\sldc(?:_w)?\\s+#\\d+\\s+// String (.*)$");
  private static final Pattern GETENV = Pattern.compile(
      "invokestatic\\s+#\\d+\\s+// Method java/lang/System\\.getenv:\\(Ljava/lang/String;\\)");
  private static final Pattern INDY = Pattern.compile("invokedynamic\\s+#\\d+,\\s+0\\s+// InvokeDynamic #(\\d+):");
  private static final Pattern BOOTSTRAP = Pattern.compile("^  (\\d+): #\\d+ REF_\\w+ (.*)$");
  private static final Pattern HANDLE = Pattern.compile(
      "REF_(?:invokeStatic|invokeSpecial|invokeVirtual|newInvokeSpecial) ([\\w/$]+)\\.([\\w$<>\"]+):(\\S+)");
  private static final Pattern SUPER = Pattern.compile("^  super_class: #\\d+\\s+// ([\\w/$]+)$");

  private final Map<String, ClassCode> classes = new HashMap<>();

  /** The variables the handler class {@code handler} (binary name) can read. */
  Set<String> of(String handler) {
    String owner = handler.replace('.', '/');
    ClassCode code = load(owner).orElseThrow(() -> new AssertionError(
        "no class file for " + handler + " under " + CLASSES + "; run mvn test-compile"));
    Deque<MethodId> todo = new ArrayDeque<>();
    todo.add(new MethodId(owner, "<init>", "()V"));
    code.methods.keySet().stream().filter(m -> m.name.equals("handleRequest")).forEach(todo::add);
    Set<MethodId> seen = new HashSet<>();
    Set<String> variables = new TreeSet<>();
    while (!todo.isEmpty()) {
      MethodId id = todo.pop();
      if (!seen.add(id)) {
        continue;
      }
      Optional<MethodCode> method = find(id);
      if (method.isEmpty()) {
        continue;
      }
      variables.addAll(method.get().variables);
      todo.addAll(method.get().calls);
      todo.add(new MethodId(id.owner, "<clinit>", "()V"));
    }
    return variables;
  }

  /** The method {@code id} in its class or the nearest superclass of ours that declares it. */
  private Optional<MethodCode> find(MethodId id) {
    for (String owner = id.owner; owner != null && owner.startsWith(OWN_PACKAGE); ) {
      Optional<ClassCode> code = load(owner);
      if (code.isEmpty()) {
        return Optional.empty();
      }
      MethodCode method = code.get().methods.get(new MethodId(owner, id.name, id.descriptor));
      if (method != null || id.name.startsWith("<")) {
        return Optional.ofNullable(method);
      }
      owner = code.get().superclass;
    }
    return Optional.empty();
  }

  private Optional<ClassCode> load(String owner) {
    if (!owner.startsWith(OWN_PACKAGE) || !Files.exists(CLASSES.resolve(owner + ".class"))) {
      return Optional.empty();
    }
    return Optional.of(classes.computeIfAbsent(owner, EnvironmentReads::disassemble));
  }

  private static ClassCode disassemble(String owner) {
    ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() ->
        new AssertionError("javap is not in this JDK (the jdk.jdeps module)"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = javap.run(new PrintWriter(out), new PrintWriter(err), "-c", "-v", "-p", "-cp",
        CLASSES.toString(), owner.replace('/', '.'));
    if (status != 0) {
      throw new AssertionError("javap " + owner + " failed: " + err);
    }
    return ClassCode.parse(owner, out.toString());
  }

  private record MethodId(String owner, String name, String descriptor) {}

  private static final class MethodCode {
    final Set<String> variables = new TreeSet<>();
    final List<MethodId> calls = new ArrayList<>();
    final List<Integer> bootstraps = new ArrayList<>();
  }

  private static final class ClassCode {
    final Map<MethodId, MethodCode> methods = new HashMap<>();
    String superclass;

    static ClassCode parse(String owner, String text) {
      ClassCode code = new ClassCode();
      Map<Integer, List<MethodId>> bootstrapTargets = new HashMap<>();
      String[] lines = text.split("\n");
      MethodCode current = null;
      String pendingName = null;
      String lastString = null;
      Integer bootstrap = null;
      for (String line : lines) {
        Matcher m;
        if ((m = SUPER.matcher(line)).matches()) {
          code.superclass = m.group(1);
        } else if (line.equals("  static {};")) {
          pendingName = "<clinit>";
        } else if ((m = METHOD_HEADER.matcher(line)).matches()) {
          // A constructor is printed with its class's qualified name, a method with its own.
          pendingName = m.group(1).contains(".") ? "<init>" : m.group(1);
        } else if (pendingName != null && line.startsWith("    descriptor: ")) {
          current = new MethodCode();
          code.methods.put(new MethodId(owner, pendingName, line.substring(16).trim()), current);
          pendingName = null;
          lastString = null;
        } else if (line.equals("BootstrapMethods:")) {
          current = null;
        } else if ((m = BOOTSTRAP.matcher(line)).matches()) {
          bootstrap = Integer.parseInt(m.group(1));
        } else if (bootstrap != null && (m = HANDLE.matcher(line)).find()
            && m.group(1).startsWith(OWN_PACKAGE)) {
          String name = m.group(2).replace("\"", "");
          bootstrapTargets.computeIfAbsent(bootstrap, b -> new ArrayList<>())
              .add(new MethodId(m.group(1), name, m.group(3)));
        } else if (current != null) {
          if ((m = STRING.matcher(line)).find()) {
            lastString = m.group(1);
            if (VARIABLE.matcher(lastString).matches()) {
              current.variables.add(lastString);
            }
            continue;
          }
          if (GETENV.matcher(line).find() && lastString != null) {
            current.variables.add(lastString);
          }
          if ((m = CALL.matcher(line)).find()) {
            String target = m.group(2) == null ? owner : m.group(2);
            if (target.startsWith(OWN_PACKAGE)) {
              current.calls.add(new MethodId(target, m.group(3).replace("\"", ""), m.group(4)));
            }
          } else if ((m = INDY.matcher(line)).find()) {
            current.bootstraps.add(Integer.parseInt(m.group(1)));
          }
          lastString = null;
        }
      }
      for (MethodCode method : code.methods.values()) {
        for (int index : method.bootstraps) {
          method.calls.addAll(bootstrapTargets.getOrDefault(index, List.of()));
        }
      }
      return code;
    }
  }

  private static Path classesOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + type, e);
    }
  }
}
