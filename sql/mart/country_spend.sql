CREATE OR REPLACE VIEW mart.country_spend
OPTIONS (
  description = "Active users and their settled spend per country.",
  labels = [("git", "true"), ("team", "data"), ("domain", "payments")]
)
AS
SELECT
  country,
  COUNT(*) AS user_count,
  SUM(CASE WHEN transaction_count > 0 THEN 1 ELSE 0 END) AS spending_user_count,
  SUM(spend_eur) AS spend_eur
FROM mart.user_spend
GROUP BY country
