-- The attribution ledger and the audit log are append-only: corrections are new entries.
CREATE OR REPLACE FUNCTION forbid_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER attribution_entries_append_only BEFORE UPDATE OR DELETE ON attribution_entries
  FOR EACH ROW EXECUTE FUNCTION forbid_change_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION forbid_change_append_only();
