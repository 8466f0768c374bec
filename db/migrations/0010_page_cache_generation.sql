CREATE TABLE "page_cache_generation" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"generation" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "page_cache_generation_single_row" CHECK ("page_cache_generation"."id" = 1)
);
