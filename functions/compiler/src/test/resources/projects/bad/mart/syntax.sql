CREATE OR REPLACE VIEW mart.syntax AS
SELECT user_id,, email
FROM staging.users
