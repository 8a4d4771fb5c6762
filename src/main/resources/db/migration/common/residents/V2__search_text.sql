-- residents: the help desk's search looks in one normalised text (name, kana, phone digits; see
-- SearchKey) instead of seven columns with leading-wildcard LIKEs; V3 fills it, and on PostgreSQL V4
-- indexes it with trigrams.
ALTER TABLE resident ADD COLUMN search_text VARCHAR(500);
