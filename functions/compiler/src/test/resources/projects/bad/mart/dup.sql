SELECT user_id FROM staging.users
