package dev.snaplake.core.types;

/** The BigQuery type a raw column lands as: the natural type of its source column. */
public enum NaturalType {
  STRING,
  BYTES,
  INT64,
  FLOAT64,
  NUMERIC,
  BIGNUMERIC,
  BOOL,
  DATE,
  TIME,
  DATETIME,
  TIMESTAMP,
  JSON,
  INTERVAL;

  /** The BigQuery standard SQL name. */
  public String sqlName() {
    return name();
  }
}
