CREATE OR REPLACE VIEW {{ params.dataset_name }}.{{ params.table_name }} AS
SELECT user_id FROM staging.users WHERE country = '{{ params.region }}'
