CREATE OR REPLACE VIEW mart.unqualified AS
SELECT * FROM users
