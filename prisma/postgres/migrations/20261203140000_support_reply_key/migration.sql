-- AlterTable
ALTER TABLE "SupportReply" ADD COLUMN     "replyKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "SupportReply_replyKey_key" ON "SupportReply"("replyKey");
