-- Story candidates are searched in "Article_storyKeys_idx" for every new article.
-- With fastupdate (PostgreSQL's default) new entries wait in a pending list that
-- every search reads in full; with it off they go straight into the index, so a
-- search stays an index probe however many articles arrived since the last vacuum.
-- Prisma does not model index storage parameters, so later diffs leave this alone.
ALTER INDEX "Article_storyKeys_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('"Article_storyKeys_idx"'::regclass);
