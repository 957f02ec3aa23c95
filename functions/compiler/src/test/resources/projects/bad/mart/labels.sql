CREATE OR REPLACE VIEW mart.labels
OPTIONS (labels = [("Team", "Data Team")])
AS SELECT user_id FROM staging.users
