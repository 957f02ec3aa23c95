-- Active customers, one row per user, with a normalised email.
CREATE OR REPLACE VIEW staging.users (
  user_id OPTIONS(description = "app.users.id (BIGINT UNSIGNED, so NUMERIC)"),
  email OPTIONS(description = "Lower-cased, trimmed email address"),
  full_name,
  country OPTIONS(description = "ISO country code, upper-cased"),
  birth_date,
  status,
  signup_date OPTIONS(description = "Day the account was created (from created_at)"),
  created_at
)
OPTIONS (
  description = "Active users of the app (is_active), one row per user, email normalised.",
  labels = [("git", "true"), ("team", "data"), ("domain", "customers")]
)
AS
SELECT
  id AS user_id,
  LOWER(TRIM(email)) AS email,
  full_name,
  UPPER(country) AS country,
  birth_date,
  status,
  CAST(created_at AS DATE) AS signup_date,
  created_at
FROM raw.app__users
WHERE is_active
