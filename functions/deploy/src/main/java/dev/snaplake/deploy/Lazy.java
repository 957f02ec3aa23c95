package dev.snaplake.deploy;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use and kept: how the functions defer every client until the first event
 * that needs it. A failed attempt is not remembered, so the next event tries again (a
 * misconfiguration keeps failing loudly; a transient failure heals).
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<? extends T> factory;
  private volatile T value;

  private Lazy(Supplier<? extends T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  public static <T> Lazy<T> of(Supplier<? extends T> factory) {
    return new Lazy<>(factory);
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(factory.get(), "lazy factory returned null");
          value = v;
        }
      }
    }
    return v;
  }
}
