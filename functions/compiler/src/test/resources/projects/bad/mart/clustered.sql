CREATE OR REPLACE TABLE mart.clustered
CLUSTER BY a, b, c, d, e
AS SELECT 1 AS a, 2 AS b, 3 AS c, 4 AS d, 5 AS e
