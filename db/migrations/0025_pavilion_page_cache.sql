-- The pavilion pages (issue 21, decision 098) show region names beside the products and suppliers
-- whose changes already move the anonymous page cache's counter (migration 0011): a renamed town or
-- village moves it too, in the writer's own transaction. Self-contained: the function is redefined
-- as migration 0011 defines it.
CREATE OR REPLACE FUNCTION bump_page_cache_generation() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    UPDATE page_cache_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER regions_page_cache AFTER INSERT OR DELETE ON regions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_page_cache_generation();
--> statement-breakpoint
CREATE TRIGGER regions_page_cache_update AFTER UPDATE ON regions
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_page_cache_generation();
