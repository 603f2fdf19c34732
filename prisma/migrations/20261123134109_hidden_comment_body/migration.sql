-- CreateTable
CREATE TABLE "HiddenCommentBody" (
    "commentId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "hiddenById" TEXT NOT NULL,
    "hiddenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HiddenCommentBody_pkey" PRIMARY KEY ("commentId")
);

-- CreateIndex
CREATE INDEX "HiddenCommentBody_groupId_idx" ON "HiddenCommentBody"("groupId");

-- AddForeignKey
ALTER TABLE "HiddenCommentBody" ADD CONSTRAINT "HiddenCommentBody_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

