CREATE OR REPLACE VIEW staging.cards
OPTIONS (
  description = "Payment cards issued to users, brand upper-cased.",
  labels = [("git", "true"), ("team", "data"), ("domain", "payments")]
)
AS
SELECT
  app__cards.id AS card_id,
  app__cards.user_id,
  app__cards.last4,
  UPPER(app__cards.brand) AS brand,
  app__cards.expires_on,
  app__cards.daily_limit,
  CAST(app__cards.issued_at AS DATE) AS issued_on
FROM raw.app__cards
