-- Issue 20 (helper E). The anonymous page cache (decision 059, migration 0011) learns about what
-- product pages now show: reviews (a new one, a reply, a hidden one) and pre-sales (opened,
-- changed, ended). And a back-in-stock request is marked notified, in the writer's own
-- transaction, whenever a variant's stock goes from 0 to more — whichever path changed it (the
-- supplier's edit, the bulk stock page, an expired order giving its stock back).
CREATE TRIGGER reviews_page_cache AFTER INSERT OR DELETE ON reviews
  FOR EACH STATEMENT EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER reviews_page_cache_update AFTER UPDATE ON reviews
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER variant_presales_page_cache AFTER INSERT OR DELETE ON variant_presales
  FOR EACH STATEMENT EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER variant_presales_page_cache_update AFTER UPDATE ON variant_presales
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION notify_stock_alerts() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    UPDATE stock_alerts SET notified_at = now() WHERE variant_id = NEW.id AND notified_at IS NULL;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER product_variants_back_in_stock AFTER UPDATE OF stock ON product_variants
  FOR EACH ROW WHEN (OLD.stock = 0 AND NEW.stock > 0) EXECUTE FUNCTION notify_stock_alerts();
