-- Settlement (app/models/settlement/README.md): a statement is never rewritten. Its lines and the
-- payouts are append-only; a statement changes only from pending to settled (status and
-- settled_at), never its amounts, batch or supplier, and is never deleted.
CREATE TRIGGER settlement_lines_append_only BEFORE UPDATE OR DELETE ON settlement_lines
  FOR EACH ROW EXECUTE FUNCTION forbid_change_append_only();
--> statement-breakpoint
CREATE TRIGGER settlement_payouts_append_only BEFORE UPDATE OR DELETE ON settlement_payouts
  FOR EACH ROW EXECUTE FUNCTION forbid_change_append_only();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION settlement_statement_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status = 'settled'
     OR NEW.batch_id <> OLD.batch_id OR NEW.supplier_id <> OLD.supplier_id
     OR NEW.goods_fen <> OLD.goods_fen OR NEW.refunds_fen <> OLD.refunds_fen
     OR NEW.shipping_fen <> OLD.shipping_fen OR NEW.fee_fen <> OLD.fee_fen
     OR NEW.payable_fen <> OLD.payable_fen OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'settlement statement %: only pending → settled is allowed', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER settlement_statements_guard BEFORE UPDATE OR DELETE ON settlement_statements
  FOR EACH ROW EXECUTE FUNCTION settlement_statement_guard();
