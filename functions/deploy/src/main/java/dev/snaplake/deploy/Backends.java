package dev.snaplake.deploy;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The process's {@link Backend}: the first provider of {@code META-INF/services/dev.snaplake.deploy.Backend}
 * on the function's class path, or the one named by {@code SNAPLAKE_BACKEND} (environment or
 * system property; a class name, simple or qualified) when several are. Looked up once, on the
 * first event, and kept.
 */
public final class Backends {
  public static final String SELECT = "SNAPLAKE_BACKEND";

  private static final Lazy<Backend> PROCESS = Lazy.of(Backends::load);

  private Backends() {}

  public static Backend get() {
    return PROCESS.get();
  }

  static Backend load() {
    // The function's own class loader: under the invoker, the context class loader is not it.
    ServiceLoader<Backend> loader = ServiceLoader.load(Backend.class, Backend.class.getClassLoader());
    List<ServiceLoader.Provider<Backend>> providers = loader.stream().toList();
    if (providers.isEmpty()) {
      throw new IllegalStateException(
          "no " + Backend.class.getName() + " provider on the class path: the function jar must list one in"
              + " META-INF/services/" + Backend.class.getName());
    }
    String wanted = setting(SELECT);
    if (wanted == null || wanted.isBlank()) {
      return providers.get(0).get();
    }
    for (ServiceLoader.Provider<Backend> p : providers) {
      if (p.type().getName().equals(wanted) || p.type().getSimpleName().equals(wanted)) {
        return p.get();
      }
    }
    throw new IllegalStateException(
        SELECT + "=" + wanted + " names no backend on the class path; found "
            + providers.stream().map(p -> p.type().getName()).toList());
  }

  /** A setting from a system property, else the environment. */
  public static String setting(String name) {
    String v = System.getProperty(name);
    return v != null ? v : System.getenv(name);
  }
}
