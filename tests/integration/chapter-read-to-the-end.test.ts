import { expect, it } from "vitest";
import { hiddenAfterParagraphIndex } from "@/lib/annotations/margin-visibility";
import { db } from "@/lib/db/prisma";
import { myChapterProgress } from "@/lib/progress/my-chapter-progress";
import { myReadings } from "@/lib/progress/my-readings";
import { progressGrid } from "@/lib/progress/progress-grid";
import { recordProgress } from "@/lib/reading/record-progress";
import { seedGroup, seedMembership, seedUser } from "@/seeds/factories";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

it("a chapter scrolled to 100% counts as read everywhere, without 'Mark as read'", async () => {
  const owner = await seedUser({ name: "Owner" });
  const member = await seedUser({ name: "Reader" });
  const group = await seedGroup(owner);
  await seedMembership(group.id, member.id, "MEMBER");
  const text = await db.text.create({
    data: {
      groupId: group.id,
      title: "A text",
      sourceFormat: "txt",
      chapters: { create: [{ index: 0, title: "One" }] },
    },
    include: { chapters: true },
  });
  const chapterId = text.chapters[0]!.id;
  const paragraphIds: string[] = [];
  for (const index of [0, 1, 2]) {
    const paragraph = await db.paragraph.create({
      data: { chapterId, textId: text.id, index, text: `Paragraph ${index + 1}.` },
    });
    paragraphIds.push(paragraph.id);
  }
  await db.assignment.create({ data: { groupId: group.id, chapterId, forEveryone: true } });
  await db.user.update({ where: { id: member.id }, data: { hideCommentsBeyondProgress: true } });
  const memberAccess = { groupId: group.id, userId: member.id, role: "MEMBER" as const };

  await recordProgress(memberAccess, chapterId, { fraction: 0.5, paragraphId: paragraphIds[1] });
  expect((await myReadings(member.id)).next.map((r) => r.chapter.id)).toContain(chapterId);
  expect(await hiddenAfterParagraphIndex(member.id, chapterId, paragraphIds)).toBe(1);

  const stored = await recordProgress(memberAccess, chapterId, {
    fraction: 1,
    paragraphId: paragraphIds[2],
  });
  // Stored as scrolled, not marked: the one rule reads it, the row is not rewritten.
  expect(stored.completedAt).toBeNull();

  // Group home's next-session card and the session page read myChapterProgress.
  expect((await myChapterProgress(member.id, [chapterId])).get(chapterId)).toEqual({
    fraction: 1,
    completed: true,
  });
  const readings = await myReadings(member.id);
  expect(readings.next.map((r) => r.chapter.id)).not.toContain(chapterId);
  expect(readings.done.find((r) => r.chapter.id === chapterId)).toMatchObject({
    completed: true,
    fraction: 1,
  });
  const grid = await progressGrid({ groupId: group.id, userId: owner.id, role: "OWNER" });
  const memberRow = grid.rows.find((row) => row.userId === member.id);
  expect(memberRow?.cells.find((cell) => cell.chapterId === chapterId)?.progress).toEqual({
    fraction: 1,
    completed: true,
  });
  // The spoiler shield opens the whole chapter.
  expect(await hiddenAfterParagraphIndex(member.id, chapterId, paragraphIds)).toBeNull();
});
