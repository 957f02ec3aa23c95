CREATE OR REPLACE VIEW {{ params.dataset_name }}.{{ params.table_name }}
OPTIONS (
  description = """Merchants with a spending category derived from the merchant category code (MCC).""",
  labels = [("git", "true"), ("team", "data"), ("domain", "merchants")]
)
AS
SELECT
  m.id AS merchant_id,
  m.name AS merchant_name,
  m.mcc,
  CASE
    WHEN m.mcc IN (5411, 5412, 5499) THEN 'groceries'
    WHEN m.mcc BETWEEN 5811 AND 5814 THEN 'restaurants'
    WHEN m.mcc IN (4111, 4121, 4131) THEN 'transport'
    ELSE 'other'
  END AS category,
  UPPER(m.country) AS country
FROM raw.app__merchants AS m
