SELECT id AS user_id, email, country FROM raw.app__users
