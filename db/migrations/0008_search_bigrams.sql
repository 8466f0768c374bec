-- Every two-character slice of a text, lower-cased and without repeats: the catalogue's search
-- index (decision 058). A substring of a product's search text has all its bigrams among the
-- text's, so `search_grams @> search_bigrams(query)` keeps every true match and lets a GIN index
-- answer 2-character Chinese queries (香菇, 核桃) that a trigram index cannot. IMMUTABLE so a
-- generated column can use it; plain SQL so an ordinary database owner can create it.
CREATE OR REPLACE FUNCTION search_bigrams(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}'::text[])
    FROM generate_series(1, char_length(t) - 1) AS i
  $$;
