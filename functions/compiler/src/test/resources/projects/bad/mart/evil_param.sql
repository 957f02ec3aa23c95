CREATE OR REPLACE VIEW mart.evil_param AS
SELECT user_id FROM staging.users WHERE country = '{{ params.evil }}'
