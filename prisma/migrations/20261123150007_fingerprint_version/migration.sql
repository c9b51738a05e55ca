-- Article fingerprints (simhash, storyKeys) are versioned. Rows stored until
-- now were hashed with version 1 and keep it, until the ingest service
-- fingerprints them again (IngestService.refreshStoredFingerprints); new rows
-- get the column default, the current version.
ALTER TABLE "Article" ADD COLUMN     "fingerprintVersion" SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE "Article" ALTER COLUMN "fingerprintVersion" SET DEFAULT 2;
