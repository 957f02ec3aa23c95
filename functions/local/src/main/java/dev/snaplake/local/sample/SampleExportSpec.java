package dev.snaplake.local.sample;

import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link SampleExport#write} generates: one RDS snapshot export of a small fintech MySQL
 * database.
 *
 * @param database MySQL database name (also the schema: {@code app} gives {@code app/app.users/...})
 * @param snapshot day of the automated snapshot; the snapshot is taken at 03:00Z that day
 * @param rows rows of the largest table ({@code transactions}, version 1); the other tables scale
 *     from it (users = rows/10, cards = rows/8, merchants = max(20, rows/100), balances = 2 x users)
 * @param seed seed of every generated value: same spec, same row values
 * @param s3Prefix S3 prefix the export is written under; {@code null} or blank means
 *     {@code rds/<database>-prod}
 * @param version 1 = base schema; 2 = the "later snapshot": users gains {@code referral_code},
 *     merchants are partly renamed and new ones appended, transactions gains one new day
 */
public record SampleExportSpec(
    String database, LocalDate snapshot, long rows, long seed, String s3Prefix, int version) {

  private static final Pattern DATABASE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public SampleExportSpec {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(snapshot, "snapshot");
    if (!DATABASE.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "database must match " + DATABASE.pattern() + " (a MySQL database name), got '" + database + "'");
    }
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be >= 1, got " + rows);
    }
    if (rows > 2_000_000_000L) {
      throw new IllegalArgumentException("rows must be <= 2,000,000,000, got " + rows);
    }
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("version must be 1 (base schema) or 2 (later snapshot), got " + version);
    }
    s3Prefix = normalizePrefix(s3Prefix, database);
  }

  /** Version 1, default prefix {@code rds/<database>-prod}. */
  public static SampleExportSpec of(String database, LocalDate snapshot, long rows, long seed) {
    return new SampleExportSpec(database, snapshot, rows, seed, null, 1);
  }

  /** The default S3 prefix for a database: {@code rds/<database>-prod}. */
  public static String defaultPrefix(String database) {
    return "rds/" + database + "-prod";
  }

  /** Export task identifier, e.g. {@code snaplake-app-2026-11-24}. */
  public String exportId() {
    return "snaplake-" + database + "-" + snapshot;
  }

  /** Object key of the export root, e.g. {@code rds/app-prod/snaplake-app-2026-11-24}. */
  public String exportRootKey() {
    return s3Prefix + "/" + exportId();
  }

  /** Same spec with another version. */
  public SampleExportSpec withVersion(int newVersion) {
    return new SampleExportSpec(database, snapshot, rows, seed, s3Prefix, newVersion);
  }

  /** Same spec with another snapshot day. */
  public SampleExportSpec withSnapshot(LocalDate newSnapshot) {
    return new SampleExportSpec(database, newSnapshot, rows, seed, s3Prefix, version);
  }

  /** Same spec with another seed. */
  public SampleExportSpec withSeed(long newSeed) {
    return new SampleExportSpec(database, snapshot, rows, newSeed, s3Prefix, version);
  }

  private static String normalizePrefix(String prefix, String database) {
    if (prefix == null || prefix.isBlank()) {
      return defaultPrefix(database);
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return defaultPrefix(database);
    }
    if (p.contains(":")) {
      // RDS rejects a prefix with ':' (StartExportTask).
      throw new IllegalArgumentException("s3Prefix must not contain ':' (RDS rejects it): " + prefix);
    }
    if (p.contains("\\") || p.contains("//")) {
      throw new IllegalArgumentException("s3Prefix must be a '/'-separated key prefix: " + prefix);
    }
    for (String seg : p.split("/")) {
      if (seg.equals(".") || seg.equals("..")) {
        throw new IllegalArgumentException("s3Prefix must not contain '.' or '..' segments: " + prefix);
      }
    }
    return p;
  }
}
