-- CreateTable
CREATE TABLE "PublicationFeedKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    CONSTRAINT "PublicationFeedKey_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PublicationFeedKey_tokenHash_key" ON "PublicationFeedKey"("tokenHash");

-- CreateIndex
CREATE INDEX "PublicationFeedKey_clientId_idx" ON "PublicationFeedKey"("clientId");
