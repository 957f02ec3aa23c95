-- owner: Data Team!
SELECT 1 AS x
