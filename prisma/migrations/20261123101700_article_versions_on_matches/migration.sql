-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "entryHash" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Match" ADD COLUMN     "articleVersion" INTEGER NOT NULL DEFAULT 1;
