CREATE VIEW {{params.dataset_name}}.{{params.table_name}}
OPTIONS (description = 'Users with a transaction of at least {{ params.min_amount }}', friendly_name = "Big spenders")
AS
SELECT DISTINCT u.user_id
FROM staging.users AS u
JOIN raw.app__cards AS c ON c.user_id = u.user_id
JOIN raw.app__transactions AS t ON t.card_id = c.id
WHERE t.amount >= {{ params.min_amount }}
