-- Row triggers (0001) never fire on TRUNCATE: a statement trigger refuses it on the two
-- append-only tables, with the same error (restrict_violation, 23001).
CREATE TRIGGER attribution_entries_no_truncate BEFORE TRUNCATE ON attribution_entries
  FOR EACH STATEMENT EXECUTE FUNCTION forbid_change_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION forbid_change_append_only();
