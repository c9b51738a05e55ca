-- CreateEnum
CREATE TYPE "Disposition" AS ENUM ('reportable', 'monitor');

-- CreateEnum
CREATE TYPE "DismissReason" AS ENUM ('off_topic', 'duplicate', 'outdated', 'wrong_sense');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'analyst', 'viewer');

-- DropForeignKey
ALTER TABLE "ReviewItem" DROP CONSTRAINT "ReviewItem_articleId_fkey";

-- DropIndex
DROP INDEX "ReviewItem_articleId_key";

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "storyKeys" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- AlterTable
ALTER TABLE "Digest" ADD COLUMN     "lastAttemptAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ReviewItem" ADD COLUMN     "activityAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "assignee" TEXT,
ADD COLUMN     "claimExpiresAt" TIMESTAMP(3),
ADD COLUMN     "claimToken" TEXT,
ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "countries" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decidedBy" TEXT,
ADD COLUMN     "dismissReason" "DismissReason",
ADD COLUMN     "disposition" "Disposition",
ADD COLUMN     "dueAt" TIMESTAMP(3),
ADD COLUMN     "misleadingSourceId" UUID,
ADD COLUMN     "misleadingTerm" TEXT,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "overdue" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ruleIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "storyId" UUID,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "filters" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "immediateAlerts" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "schedule" TEXT NOT NULL DEFAULT '0 7 * * *',
ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'UTC',
ADD COLUMN     "unsubscribed" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "ReviewItemArticle" (
    "reviewItemId" UUID NOT NULL,
    "articleId" UUID NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewItemArticle_pkey" PRIMARY KEY ("reviewItemId","articleId")
);

-- CreateTable
CREATE TABLE "DigestItem" (
    "digestId" UUID NOT NULL,
    "subscriptionId" UUID NOT NULL,
    "reviewItemId" UUID NOT NULL,

    CONSTRAINT "DigestItem_pkey" PRIMARY KEY ("digestId","reviewItemId")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "subscriptionId" UUID NOT NULL,
    "reviewItemId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "recipients" TEXT[],
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "messageId" TEXT,
    "error" TEXT,
    "lastAttemptAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "role" "Role" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- Data: review items were one per article; now one per story. Nothing stored is lost:
-- an article stored before stories existed gets a story of its own, every item keeps
-- its article as a ReviewItemArticle row, and items of one story merge into the oldest
-- (they can only be `new`: no decision existed before this migration).
WITH orphan AS (
  SELECT a.id, gen_random_uuid() AS sid, a.title, a."createdAt"
  FROM "Article" a
  WHERE a."storyId" IS NULL AND EXISTS (SELECT 1 FROM "ReviewItem" r WHERE r."articleId" = a.id)
), made AS (
  INSERT INTO "Story" (id, title, "firstSeenAt", "lastSeenAt")
  SELECT sid, title, "createdAt", "createdAt" FROM orphan
)
UPDATE "Article" a SET "storyId" = o.sid FROM orphan o WHERE a.id = o.id;

UPDATE "ReviewItem" r SET "storyId" = a."storyId" FROM "Article" a WHERE a.id = r."articleId";

INSERT INTO "ReviewItemArticle" ("reviewItemId", "articleId", "joinedAt")
SELECT id, "articleId", "createdAt" FROM "ReviewItem";

CREATE TEMP TABLE review_merge AS
SELECT id, first_value(id) OVER (PARTITION BY "storyId" ORDER BY "createdAt", id) AS keep FROM "ReviewItem";

UPDATE "ReviewItemArticle" ria SET "reviewItemId" = m.keep
FROM review_merge m WHERE ria."reviewItemId" = m.id AND m.id <> m.keep;

UPDATE "ReviewItem" r SET
  severity = agg.severity, score = agg.score, categories = agg.categories
FROM (
  SELECT m.keep, max(ri.severity) AS severity, max(ri.score) AS score,
         array(SELECT DISTINCT c FROM "ReviewItem" x JOIN review_merge y ON y.id = x.id, unnest(x.categories) c WHERE y.keep = m.keep ORDER BY c) AS categories
  FROM "ReviewItem" ri JOIN review_merge m ON m.id = ri.id
  GROUP BY m.keep
) agg WHERE r.id = agg.keep;

DELETE FROM "ReviewItem" r USING review_merge m WHERE r.id = m.id AND m.id <> m.keep;
DROP TABLE review_merge;

UPDATE "ReviewItem" r SET "ruleIds" = coalesce((
  SELECT array_agg(DISTINCT mt."ruleId" ORDER BY mt."ruleId")
  FROM "ReviewItemArticle" ria JOIN "Match" mt ON mt."articleId" = ria."articleId"
  WHERE ria."reviewItemId" = r.id), ARRAY[]::TEXT[]);

UPDATE "ReviewItem" r SET "countries" = coalesce((
  SELECT array_agg(DISTINCT p->>'country' ORDER BY p->>'country')
  FROM "ReviewItemArticle" ria JOIN "Article" a ON a.id = ria."articleId",
       jsonb_array_elements(coalesce(a.facts->'places', '[]'::jsonb)) p
  WHERE ria."reviewItemId" = r.id AND p->>'country' IS NOT NULL), ARRAY[]::TEXT[]);

-- Default SLAs (REVIEW_SLA_HOURS): critical 4 h, high 24 h, medium 72 h, low 168 h.
UPDATE "ReviewItem" SET "dueAt" = "createdAt" + CASE severity
  WHEN 'critical' THEN interval '4 hours' WHEN 'high' THEN interval '24 hours'
  WHEN 'medium' THEN interval '72 hours' ELSE interval '168 hours' END;

ALTER TABLE "ReviewItem" ALTER COLUMN "storyId" SET NOT NULL, ALTER COLUMN "dueAt" SET NOT NULL;

-- The audit trail is append-only: the database itself refuses to change or delete an event.
CREATE FUNCTION audit_event_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_immutable();

-- CreateIndex
CREATE INDEX "ReviewItemArticle_articleId_idx" ON "ReviewItemArticle"("articleId");

-- CreateIndex
CREATE UNIQUE INDEX "DigestItem_subscriptionId_reviewItemId_key" ON "DigestItem"("subscriptionId", "reviewItemId");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_subscriptionId_reviewItemId_reason_key" ON "Alert"("subscriptionId", "reviewItemId", "reason");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE INDEX "Article_storyKeys_idx" ON "Article" USING GIN ("storyKeys");

-- CreateIndex
CREATE INDEX "AuditEvent_actor_at_idx" ON "AuditEvent"("actor", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewItem_storyId_key" ON "ReviewItem"("storyId");

-- CreateIndex
CREATE INDEX "ReviewItem_assignee_idx" ON "ReviewItem"("assignee");

-- CreateIndex
CREATE INDEX "ReviewItem_ruleIds_idx" ON "ReviewItem" USING GIN ("ruleIds");

-- CreateIndex
CREATE INDEX "ReviewItem_categories_idx" ON "ReviewItem" USING GIN ("categories");

-- AddForeignKey
ALTER TABLE "ReviewItem" ADD CONSTRAINT "ReviewItem_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewItemArticle" ADD CONSTRAINT "ReviewItemArticle_reviewItemId_fkey" FOREIGN KEY ("reviewItemId") REFERENCES "ReviewItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewItemArticle" ADD CONSTRAINT "ReviewItemArticle_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestItem" ADD CONSTRAINT "DigestItem_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "Digest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
