CREATE OR REPLACE VIEW mart.columns (user_id, email) AS
SELECT user_id, email, country FROM staging.users
