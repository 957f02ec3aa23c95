CREATE OR REPLACE VIEW mart.unknown AS
SELECT u.user_id
FROM staging.userz AS u
