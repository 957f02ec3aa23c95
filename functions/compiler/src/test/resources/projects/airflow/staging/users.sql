CREATE OR REPLACE VIEW {{ params.dataset_name }}.{{ params.table_name }} OPTIONS (description="Users of {{ params.country }}", labels=[("git", "true")]) AS
SELECT id AS user_id, email FROM raw.app__users WHERE country = '{{ params.country }}'
