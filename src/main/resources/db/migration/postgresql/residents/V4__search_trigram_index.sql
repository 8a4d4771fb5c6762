-- residents: a trigram index (pg_trgm, a trusted extension: the database's owner may create it) so
-- that LIKE '%word%' over search_text is answered from the index at 100,000 residents and more.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX resident_search_trgm ON resident USING gin (search_text gin_trgm_ops);
