CREATE OR REPLACE VIEW mart.cycle_a AS
SELECT * FROM mart.cycle_b
