-- The anonymous page cache's counter moves, in the writer's own transaction, whenever something a
-- storefront page shows changes (decision 059). Not on every sale: a payment's sales_count and a
-- stock count that stays above zero leave cached pages valid for their short lifetime. Updates
-- fire per changed row, so a sweep that changes nothing (certification expiry) moves nothing.
INSERT INTO page_cache_generation (id, generation) VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bump_page_cache_generation() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    UPDATE page_cache_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER products_page_cache AFTER INSERT OR DELETE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER products_page_cache_update AFTER UPDATE ON products
  FOR EACH ROW WHEN (OLD.sales_count = NEW.sales_count AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER product_variants_page_cache AFTER INSERT OR DELETE ON product_variants
  FOR EACH STATEMENT EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER product_variants_page_cache_update AFTER UPDATE ON product_variants
  FOR EACH ROW WHEN (
    (OLD.stock > 0) <> (NEW.stock > 0)
    OR OLD.price_fen <> NEW.price_fen
    OR OLD.active <> NEW.active
    OR OLD.spec <> NEW.spec
    OR OLD.spec_en IS DISTINCT FROM NEW.spec_en
    OR OLD.sort_order <> NEW.sort_order
  )
  EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER product_images_page_cache AFTER INSERT OR DELETE ON product_images
  FOR EACH STATEMENT EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER product_images_page_cache_update AFTER UPDATE ON product_images
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER suppliers_page_cache AFTER INSERT OR DELETE ON suppliers
  FOR EACH STATEMENT EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER suppliers_page_cache_update AFTER UPDATE ON suppliers
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER certifications_page_cache AFTER INSERT OR DELETE ON certifications
  FOR EACH STATEMENT EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER certifications_page_cache_update AFTER UPDATE ON certifications
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER categories_page_cache AFTER INSERT OR DELETE ON categories
  FOR EACH STATEMENT EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER categories_page_cache_update AFTER UPDATE ON categories
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_page_cache_generation();
