-- Article fingerprints (simhash, storyKeys) are versioned. Rows stored until
-- now were hashed with version 1 and say so; so does any row written by code
-- that does not set the column (an older version still running during an
-- upgrade). The ingest service fingerprints such rows again
-- (IngestService.refreshStoredFingerprints) and writes the version it uses.
ALTER TABLE "Article" ADD COLUMN     "fingerprintVersion" SMALLINT NOT NULL DEFAULT 1;
