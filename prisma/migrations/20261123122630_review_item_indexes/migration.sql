-- AlterTable
ALTER TABLE "ReviewItem" ADD COLUMN     "queueRank" INTEGER NOT NULL DEFAULT 7;

-- CreateIndex
CREATE INDEX "ReviewItem_queueRank_score_createdAt_id_idx" ON "ReviewItem"("queueRank", "score" DESC, "createdAt", "id");

-- CreateIndex
CREATE INDEX "ReviewItem_claimedBy_idx" ON "ReviewItem"("claimedBy");

-- The rank follows state and severity on every write, whoever makes it (the review service,
-- raw SQL, test factories), so the index order can never drift from the items. It is the
-- list's former sort expression: escalated first, then critical, high, medium, low.
CREATE FUNCTION review_item_queue_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."queueRank" := (CASE WHEN NEW.state = 'escalated' THEN 0 ELSE 4 END)
    + (CASE NEW.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END);
  RETURN NEW;
END $$;

CREATE TRIGGER review_item_queue_rank BEFORE INSERT OR UPDATE OF state, severity ON "ReviewItem"
  FOR EACH ROW EXECUTE FUNCTION review_item_queue_rank();

-- Items stored before this migration.
UPDATE "ReviewItem" SET "queueRank" = (CASE WHEN state = 'escalated' THEN 0 ELSE 4 END)
  + (CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END);
