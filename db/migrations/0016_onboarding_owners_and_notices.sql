-- Onboarding (issue 18). Every supplier has an owner: the first staff account of each existing
-- supplier (by creation time, then id) becomes its owner, the others stay staff.
UPDATE users SET supplier_role = 'owner'
  WHERE id IN (
    SELECT DISTINCT ON (supplier_id) id FROM users
      WHERE role = 'supplier_staff' AND supplier_id IS NOT NULL
      ORDER BY supplier_id, created_at, id
  );
--> statement-breakpoint
-- /notices (an anonymously cached page) lists applications under 公示: a status change of an
-- application moves the page-cache counter like a supplier change does (decision 059).
CREATE TRIGGER supplier_applications_page_cache_update AFTER UPDATE ON supplier_applications
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION bump_page_cache_generation();
