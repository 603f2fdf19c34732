-- CreateTable
CREATE TABLE "HeldComment" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT,
    "chapterId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "anchor" JSONB NOT NULL,
    "body" TEXT NOT NULL,
    "revealAt" TIMESTAMP(3) NOT NULL,
    "revealedAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "revealError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HeldComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionMark" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "chapterId" TEXT NOT NULL,
    "markedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionMark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionMarkVote" (
    "markId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionMarkVote_pkey" PRIMARY KEY ("markId","userId")
);

-- CreateTable
CREATE TABLE "ChapterRecap" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "chapterId" TEXT NOT NULL,
    "authorId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChapterRecap_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HeldComment_threadId_key" ON "HeldComment"("threadId");

-- CreateIndex
CREATE UNIQUE INDEX "HeldComment_messageId_key" ON "HeldComment"("messageId");

-- CreateIndex
CREATE INDEX "HeldComment_revealAt_idx" ON "HeldComment"("revealAt");

-- CreateIndex
CREATE INDEX "HeldComment_sessionId_authorId_idx" ON "HeldComment"("sessionId", "authorId");

-- CreateIndex
CREATE UNIQUE INDEX "SessionMark_sessionId_threadId_key" ON "SessionMark"("sessionId", "threadId");

-- CreateIndex
CREATE INDEX "SessionMarkVote_userId_idx" ON "SessionMarkVote"("userId");

-- CreateIndex
CREATE INDEX "ChapterRecap_chapterId_idx" ON "ChapterRecap"("chapterId");

-- CreateIndex
CREATE UNIQUE INDEX "ChapterRecap_sessionId_chapterId_key" ON "ChapterRecap"("sessionId", "chapterId");

-- AddForeignKey
ALTER TABLE "HeldComment" ADD CONSTRAINT "HeldComment_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "DiscussionSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HeldComment" ADD CONSTRAINT "HeldComment_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HeldComment" ADD CONSTRAINT "HeldComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionMark" ADD CONSTRAINT "SessionMark_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "DiscussionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionMark" ADD CONSTRAINT "SessionMark_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionMark" ADD CONSTRAINT "SessionMark_markedById_fkey" FOREIGN KEY ("markedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionMarkVote" ADD CONSTRAINT "SessionMarkVote_markId_fkey" FOREIGN KEY ("markId") REFERENCES "SessionMark"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionMarkVote" ADD CONSTRAINT "SessionMarkVote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChapterRecap" ADD CONSTRAINT "ChapterRecap_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "DiscussionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChapterRecap" ADD CONSTRAINT "ChapterRecap_chapterId_fkey" FOREIGN KEY ("chapterId") REFERENCES "Chapter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChapterRecap" ADD CONSTRAINT "ChapterRecap_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

