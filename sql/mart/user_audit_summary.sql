CREATE OR REPLACE VIEW mart.user_audit_summary
OPTIONS (
  description = "Audit events per user. app.audit_log is never exported, so this view is held back.",
  labels = [("git", "true"), ("team", "data"), ("domain", "security")]
)
AS
SELECT
  user_id,
  COUNT(*) AS event_count,
  MAX(created_at) AS last_event_at
FROM raw.app__audit_log
GROUP BY user_id
