# A bare query: a view without metadata.
SELECT user_id FROM staging.users
