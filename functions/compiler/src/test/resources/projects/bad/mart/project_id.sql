CREATE OR REPLACE VIEW mart.project_id AS
SELECT id FROM `acme-prod.raw.app__users`
