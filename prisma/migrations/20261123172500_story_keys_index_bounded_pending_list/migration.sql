-- Story keys go into "Article_storyKeys_idx" through GIN's pending list again,
-- now bounded. Straight into the index (fastupdate off) each new article's
-- 64 keys cost PostgreSQL about 0.65 ms of CPU; queued and merged in bulk,
-- about 0.3 ms. Every search reads the pending list in full, so it is kept
-- small: the worker flushes it after each poll that stored articles
-- (gin_clean_pending_list, where its role owns the table), and at 256 kB,
-- a few hundred articles' keys, PostgreSQL merges it by itself (rather than
-- at the 4 MB default, where each search spent 15 ms reading it).
-- Prisma does not model index storage parameters, so later diffs leave this alone.
ALTER INDEX "Article_storyKeys_idx" SET (fastupdate = on, gin_pending_list_limit = 256);
