-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "searchTerms" tsvector;

-- CreateIndex
CREATE INDEX "Article_searchTerms_idx" ON "Article" USING GIN ("searchTerms");
