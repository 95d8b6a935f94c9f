-- Staff sessions carry the account's session version; raising it ends every session (logout,
-- disabling, a new password). SQLite adds and drops these columns in place (3.35+), so the
-- tables keep their foreign keys and nothing is copied.
ALTER TABLE "StaffUser" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- Login throttling counts attempts in a window and decides from the count alone.
ALTER TABLE "LoginThrottle" DROP COLUMN "lockedUntil";
