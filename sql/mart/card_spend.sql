CREATE OR REPLACE VIEW mart.card_spend (
  card_id,
  user_id,
  brand,
  transaction_count OPTIONS(description = "Settled transactions on the card"),
  spend_eur OPTIONS(description = "Sum of amount_eur over the card's settled transactions"),
  first_transaction_date,
  last_transaction_date
)
OPTIONS (
  description = "Settled spend per card: transactions joined to their card.",
  labels = [("git", "true"), ("team", "data"), ("domain", "payments")]
)
AS
SELECT
  c.card_id,
  c.user_id,
  c.brand,
  COUNT(*) AS transaction_count,
  SUM(t.amount_eur) AS spend_eur,
  MIN(t.transaction_date) AS first_transaction_date,
  MAX(t.transaction_date) AS last_transaction_date
FROM staging.transactions AS t
JOIN staging.cards AS c ON c.card_id = t.card_id
GROUP BY c.card_id, c.user_id, c.brand
