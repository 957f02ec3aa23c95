CREATE OR REPLACE VIEW mart.two_statements AS
SELECT user_id FROM staging.users;
DROP TABLE staging.users;
