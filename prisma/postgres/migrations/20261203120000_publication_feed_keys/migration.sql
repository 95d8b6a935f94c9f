-- CreateTable
CREATE TABLE "PublicationFeedKey" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PublicationFeedKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PublicationFeedKey_tokenHash_key" ON "PublicationFeedKey"("tokenHash");

-- CreateIndex
CREATE INDEX "PublicationFeedKey_clientId_idx" ON "PublicationFeedKey"("clientId");

-- AddForeignKey
ALTER TABLE "PublicationFeedKey" ADD CONSTRAINT "PublicationFeedKey_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;
