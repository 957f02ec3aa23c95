package dev.snaplake.aws;

import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.port.SnapshotSource.SourceSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * RDS export task identifiers: validated against the RDS rules (1–60 letters, digits or hyphens;
 * first a letter; no two consecutive hyphens; no trailing hyphen) and derived deterministically
 * from the snapshot, {@code snaplake-<instance>-<yyyy-MM-dd>}, so that exporting the same snapshot
 * twice asks RDS for the same id and gets {@code ExportTaskAlreadyExists} instead of a second export.
 */
public final class ExportIds {
  /** RDS limit on ExportTaskIdentifier. */
  public static final int MAX_LENGTH = 60;

  static final String PREFIX = "snaplake-";
  /** RDS DB instance and cluster identifiers: at most 63 characters. */
  static final int MAX_DB_IDENTIFIER = 63;
  private static final int HASH_CHARS = 6;

  private ExportIds() {}

  /** The id unchanged when it is a valid export task identifier; otherwise says why not. */
  public static String validate(String exportId) {
    problem(exportId, "export task identifier", MAX_LENGTH).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return exportId;
  }

  public static boolean isValid(String exportId) {
    return problem(exportId, "export task identifier", MAX_LENGTH).isEmpty();
  }

  /**
   * {@code snaplake-<instance>-<yyyy-MM-dd>}, the date being the UTC day the snapshot was taken
   * (the day snaplake calls the snapshot, as the loader reads it from {@code export_info}).
   */
  public static String forSnapshot(String dbInstanceOrCluster, SourceSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(snapshot.createdAt(), "snapshot.createdAt");
    return forSnapshot(dbInstanceOrCluster, snapshot.createdAt().atZone(ZoneOffset.UTC).toLocalDate());
  }

  /**
   * {@code snaplake-<instance>-<yyyy-MM-dd>}. RDS identifiers are case-insensitive and stored in
   * lower case, so the instance is lower-cased. An instance name too long to fit in 60 characters
   * is cut and followed by 6 hex digits of its SHA-256, which keeps the id deterministic and
   * distinct from the id of any other instance sharing the cut prefix.
   */
  public static String forSnapshot(String dbInstanceOrCluster, LocalDate snapshotDay) {
    Objects.requireNonNull(snapshotDay, "snapshotDay");
    problem(dbInstanceOrCluster, "DB instance or cluster identifier", MAX_DB_IDENTIFIER).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    String instance = dbInstanceOrCluster.toLowerCase(Locale.ROOT);
    String day = "-" + snapshotDay; // ISO yyyy-MM-dd
    String id = PREFIX + instance + day;
    if (id.length() > MAX_LENGTH) {
      int room = MAX_LENGTH - PREFIX.length() - day.length() - 1 - HASH_CHARS;
      String cut = instance.substring(0, room);
      while (cut.endsWith("-")) {
        cut = cut.substring(0, cut.length() - 1);
      }
      id = PREFIX + cut + "-" + sha256(instance).substring(0, HASH_CHARS) + day;
    }
    return validate(id);
  }

  private static java.util.Optional<String> problem(String id, String what, int maxLength) {
    if (id == null || id.isEmpty()) {
      return java.util.Optional.of(what + " is empty; RDS needs 1 to " + maxLength + " letters, digits or hyphens");
    }
    String shown = Identifiers.show(id);
    if (id.length() > maxLength) {
      return java.util.Optional.of(
          what + " " + shown + " has " + id.length() + " characters; RDS allows at most " + maxLength);
    }
    if (!isAsciiLetter(id.charAt(0))) {
      return java.util.Optional.of(what + " " + shown + " must start with a letter (RDS rule)");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-')) {
        return java.util.Optional.of(
            what + " " + shown + " contains " + Identifiers.show(String.valueOf(c)) + " at position " + (i + 1)
                + "; RDS allows only letters, digits and hyphens");
      }
    }
    if (id.contains("--")) {
      return java.util.Optional.of(what + " " + shown + " contains two consecutive hyphens, which RDS refuses");
    }
    if (id.endsWith("-")) {
      return java.util.Optional.of(what + " " + shown + " ends with a hyphen, which RDS refuses");
    }
    return java.util.Optional.empty();
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
