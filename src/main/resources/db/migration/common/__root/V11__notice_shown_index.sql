-- Every resident home asks for today's notices; keep that an index range scan as notices accumulate.
CREATE INDEX notice_shown_until ON notice (shown_until, shown_from);
