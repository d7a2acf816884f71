-- GDPR erasure: a deleted lead's trigrams must not linger in the search index's pages.
-- FTS5's secure-delete rewrites them away on delete (a persistent option of the index).
INSERT INTO `leads_fts` (`leads_fts`, `rank`) VALUES ('secure-delete', 1);
