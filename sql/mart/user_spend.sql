CREATE OR REPLACE VIEW mart.user_spend (
  user_id,
  email,
  country,
  card_count OPTIONS(description = "Cards with at least one settled transaction"),
  transaction_count OPTIONS(description = "Settled transactions over all the user's cards; 0 when none"),
  spend_eur OPTIONS(description = "Settled spend in EUR over all the user's cards; 0 when none")
)
OPTIONS (
  description = "Settled spend per active user, over all their cards.",
  labels = [("git", "true"), ("team", "data"), ("domain", "payments")]
)
AS
SELECT
  u.user_id,
  u.email,
  u.country,
  COUNT(cs.card_id) AS card_count,
  COALESCE(SUM(cs.transaction_count), 0) AS transaction_count,
  COALESCE(SUM(cs.spend_eur), 0) AS spend_eur
FROM staging.users AS u
LEFT JOIN mart.card_spend AS cs ON cs.user_id = u.user_id
GROUP BY u.user_id, u.email, u.country
