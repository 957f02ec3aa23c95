SELECT user_id
FROM {{ params.dataset_name | upper }}.users
