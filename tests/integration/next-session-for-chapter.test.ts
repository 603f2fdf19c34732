/**
 * The reader's margin offers the group's next session of the chapter: the earliest that is not
 * cancelled and not over, among the sessions that read that chapter in that group.
 */
import { beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { nextSessionForChapter } from "@/lib/sessions/live/next-session-for-chapter";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

const HOUR = 60 * 60_000;
const now = new Date("2030-03-01T12:00:00Z");
let groupId = "";
let chapterId = "";
let otherChapterId = "";

async function session(
  title: string,
  startsIn: number,
  options: { cancelled?: boolean; chapter?: string } = {},
) {
  const startsAt = new Date(now.getTime() + startsIn * HOUR);
  return db.discussionSession.create({
    data: {
      groupId,
      title,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      timeZone: "UTC",
      status: options.cancelled ? "CANCELLED" : "SCHEDULED",
      chapters: { create: [{ chapterId: options.chapter ?? chapterId }] },
    },
  });
}

beforeAll(async () => {
  const group = await db.group.create({ data: { name: "Next session group" } });
  groupId = group.id;
  const text = await db.text.create({
    data: {
      groupId,
      title: "A text",
      sourceFormat: "txt",
      chapters: {
        create: [
          { index: 0, title: "One" },
          { index: 1, title: "Two" },
        ],
      },
    },
    include: { chapters: { orderBy: { index: "asc" } } },
  });
  chapterId = text.chapters[0]?.id ?? "";
  otherChapterId = text.chapters[1]?.id ?? "";
});

it("is null when no session reads the chapter", async () => {
  expect(await nextSessionForChapter(groupId, chapterId, now)).toBeNull();
});

it("skips ended, cancelled and other chapters' sessions; the earliest upcoming wins", async () => {
  await session("Ended", -5);
  await session("Cancelled", 2, { cancelled: true });
  await session("Other chapter", 1, { chapter: otherChapterId });
  await session("Later", 48);
  const soon = await session("Soon", 24);
  expect(await nextSessionForChapter(groupId, chapterId, now)).toEqual({
    id: soon.id,
    title: "Soon",
    startsAt: soon.startsAt.toISOString(),
  });
  expect(await nextSessionForChapter("another-group", chapterId, now)).toBeNull();
});

it("a session under way still counts (threads can be brought to it)", async () => {
  const live = await session("Under way", -1);
  expect((await nextSessionForChapter(groupId, chapterId, now))?.id).toBe(live.id);
});
