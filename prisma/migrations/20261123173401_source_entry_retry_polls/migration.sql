-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "entryRetryPolls" INTEGER NOT NULL DEFAULT 0;
