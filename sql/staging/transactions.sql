CREATE OR REPLACE VIEW staging.transactions (
  transaction_id,
  card_id,
  merchant_id,
  amount OPTIONS(description = "Amount in the transaction currency"),
  currency,
  amount_eur OPTIONS(description = "amount * fx_rate, rounded to cents (half away from zero)"),
  transaction_date OPTIONS(description = "Day of created_at"),
  created_at
)
OPTIONS (
  description = "Settled card transactions only, with the amount converted to EUR.",
  labels = [("git", "true"), ("team", "data"), ("domain", "payments")]
)
AS
SELECT
  t.id AS transaction_id,
  t.card_id,
  t.merchant_id,
  t.amount,
  t.currency,
  ROUND(t.amount * t.fx_rate, 2) AS amount_eur,
  CAST(t.created_at AS DATE) AS transaction_date,
  t.created_at
FROM `raw.app__transactions` t
WHERE t.status = 'settled'
