CREATE OR REPLACE TABLE mart.merchant_daily_volume
OPTIONS (
  description = "Settled volume per merchant and day, materialized as a table for dashboards.",
  labels = [("git", "true"), ("team", "data"), ("domain", "payments")]
)
AS
SELECT
  m.merchant_id,
  m.merchant_name,
  m.category,
  t.transaction_date,
  COUNT(*) AS transaction_count,
  SUM(t.amount_eur) AS volume_eur
FROM staging.transactions AS t
JOIN staging.merchants AS m ON m.merchant_id = t.merchant_id
GROUP BY m.merchant_id, m.merchant_name, m.category, t.transaction_date
