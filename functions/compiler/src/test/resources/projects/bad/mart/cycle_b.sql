CREATE OR REPLACE VIEW mart.cycle_b AS
SELECT * FROM mart.cycle_a
