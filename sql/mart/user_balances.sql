CREATE OR REPLACE VIEW mart.user_balances (
  user_id,
  email,
  country,
  currency,
  ledger_amount OPTIONS(description = "Ledger balance as exported (BIGNUMERIC), not converted"),
  as_of,
  year_opened
)
OPTIONS (
  description = "Ledger balances per user and currency, with the user's email; reads two raw tables.",
  labels = [("git", "true"), ("team", "data"), ("domain", "payments")]
)
AS
SELECT
  b.user_id,
  LOWER(TRIM(u.email)) AS email,
  u.country,
  b.currency,
  b.ledger_amount,
  b.as_of,
  b.year_opened
FROM raw.app__balances AS b
JOIN raw.app__users AS u ON u.id = b.user_id
