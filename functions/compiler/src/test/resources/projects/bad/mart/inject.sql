CREATE OR REPLACE VIEW `mart.inject; DROP TABLE raw.app__users; --` AS SELECT 1 AS x
