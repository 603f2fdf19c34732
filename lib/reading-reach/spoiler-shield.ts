import { isBeyondReach, reachedParagraphPosition } from "@/lib/reading-reach/spoiler-rule";
import { db } from "@/lib/db/prisma";

export type TShieldCandidate = {
  /** Whatever the caller identifies the item by (a message, a thread, a notification). */
  key: string;
  chapterId: string;
  paragraphId: string;
  /** Who wrote it (and the thread's opener): the member's own words are never shielded. */
  authorIds: readonly string[];
};

/**
 * The keys of the items `userId` should not see unprompted: every place that shows comments
 * outside the reader (comments view, search, notifications, group home) asks this, the margin
 * asks `hiddenAfterParagraphIndex`; both apply `isBeyondReach`. Empty when the setting is off.
 */
export async function shieldedKeys(
  userId: string,
  candidates: readonly TShieldCandidate[],
): Promise<Set<string>> {
  const shielded = new Set<string>();
  const foreign = candidates.filter((item) => !item.authorIds.includes(userId));
  if (foreign.length === 0) return shielded;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { hideCommentsBeyondProgress: true },
  });
  if (!user?.hideCommentsBeyondProgress) return shielded;

  const chapterIds = [...new Set(foreign.map((item) => item.chapterId))];
  const progress = await db.readingProgress.findMany({
    where: { userId, chapterId: { in: chapterIds } },
    select: { chapterId: true, paragraphId: true, fraction: true, completedAt: true },
  });
  const paragraphIds = [
    ...new Set([
      ...foreign.map((item) => item.paragraphId),
      ...progress.flatMap((row) => (row.paragraphId ? [row.paragraphId] : [])),
    ]),
  ];
  // Positions inside each chapter (the stored index need not start at 0 or be dense), and each
  // chapter's paragraph count for the scrolled fraction, in one pass over the chapters involved.
  const placed = await db.$queryRaw<
    Array<{ id: string; chapterId: string; position: number; total: number }>
  >`SELECT id, "chapterId", position::int, total::int FROM (
      SELECT id, "chapterId",
             (row_number() OVER (PARTITION BY "chapterId" ORDER BY index) - 1) AS position,
             count(*) OVER (PARTITION BY "chapterId") AS total
        FROM "Paragraph" WHERE "chapterId" = ANY(${chapterIds})) ranked
     WHERE id = ANY(${paragraphIds})`;
  const positionOf = new Map(placed.map((row) => [row.id, row]));
  const counts = new Map(placed.map((row) => [row.chapterId, row.total]));
  const countRows = await db.paragraph.groupBy({
    by: ["chapterId"],
    where: { chapterId: { in: chapterIds.filter((id) => !counts.has(id)) } },
    _count: { _all: true },
  });
  for (const row of countRows) counts.set(row.chapterId, row._count._all);

  const reached = new Map<string, number | null>();
  for (const chapterId of chapterIds) {
    const row = progress.find((item) => item.chapterId === chapterId);
    reached.set(
      chapterId,
      reachedParagraphPosition(
        row
          ? {
              paragraphPosition: row.paragraphId
                ? (positionOf.get(row.paragraphId)?.position ?? -1)
                : -1,
              fraction: row.fraction,
              paragraphCount: counts.get(chapterId) ?? 0,
              completedAt: row.completedAt,
            }
          : null,
      ),
    );
  }
  for (const item of foreign) {
    const place = positionOf.get(item.paragraphId);
    const position = place && place.chapterId === item.chapterId ? place.position : null;
    // null (the chapter is read) must not fall back to "nothing reached".
    const reachedHere = reached.has(item.chapterId) ? (reached.get(item.chapterId) ?? null) : -1;
    if (isBeyondReach(reachedHere, position, false)) shielded.add(item.key);
  }
  return shielded;
}
