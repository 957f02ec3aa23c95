package dev.snaplake.core.naming;

import java.util.Objects;

/** A table or view in the warehouse: {@code dataset.name}, both valid identifiers. */
public record ObjectId(String dataset, String name) implements Comparable<ObjectId> {
  public ObjectId {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(name, "name");
    if (!Identifiers.isDataset(dataset)) {
      throw new InvalidNameException(
          "dataset " + Identifiers.show(dataset)
              + " is not a valid BigQuery dataset id (letters, digits, underscores)");
    }
    if (!Identifiers.isTable(name)) {
      throw new InvalidNameException(
          "table " + Identifiers.show(name)
              + " is not a valid table name (letters, digits, underscores; not starting with a digit)");
    }
  }

  /** Parses {@code dataset.name}. */
  public static ObjectId parse(String text) {
    if (text == null) {
      throw new InvalidNameException("object name is missing; expected dataset.name");
    }
    int dot = text.indexOf('.');
    if (dot <= 0 || dot != text.lastIndexOf('.') || dot == text.length() - 1) {
      throw new InvalidNameException(
          "object " + Identifiers.show(text) + " is not of the form dataset.name");
    }
    return new ObjectId(text.substring(0, dot), text.substring(dot + 1));
  }

  @Override
  public int compareTo(ObjectId o) {
    int c = dataset.compareTo(o.dataset);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return dataset + "." + name;
  }
}
