import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { listComments } from "@/lib/annotations/list-comments";
import { searchComments } from "@/lib/annotations/search-comments";
import { shieldedKeys } from "@/lib/reading-reach/spoiler-shield";
import { db } from "@/lib/db/prisma";
import { getGroupOverview } from "@/lib/groups/get-group-overview";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { recordProgress } from "@/lib/reading/record-progress";
import { seedGroup, seedMembership, seedUser } from "@/seeds/factories";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

type World = {
  groupId: string;
  textId: string;
  reader: { id: string };
  writer: { id: string; name: string };
  chapters: { id: string; paragraphIds: string[] }[];
  /** message id by label */
  comments: Record<string, string>;
};

const world = {} as World;

async function comment(label: string, chapter: number, paragraph: number, authorId: string) {
  const target = world.chapters[chapter]!;
  const paragraphId =
    paragraph < 0 ? `gone-${randomUUID()}` : (target.paragraphIds[paragraph] ?? "");
  const id = randomUUID();
  // The projection row as write-comment-projection stores it (tsv included), without a socket.
  await db.$executeRaw`INSERT INTO "Comment" (id, "threadId", "groupId", "textId", "chapterId",
      "paragraphId", "authorId", "isRoot", body, quote, "createdAt", tsv)
    VALUES (${id}, ${id}, ${world.groupId}, ${world.textId}, ${target.id}, ${paragraphId},
      ${authorId}, true, ${`The lighthouse ${label}`}, ${"a quote"}, now(),
      to_tsvector('english', ${`The lighthouse ${label}`}))`;
  world.comments[label] = id;
  return id;
}

beforeAll(async () => {
  const writer = await seedUser({ name: "Rosa Lindqvist" });
  const reader = await seedUser({ name: "Reader" });
  const group = await seedGroup(writer);
  await seedMembership(group.id, reader.id, "MEMBER");
  const text = await db.text.create({
    data: {
      groupId: group.id,
      title: "A text",
      sourceFormat: "txt",
      chapters: { create: [0, 1, 2].map((index) => ({ index, title: `Chapter ${index + 1}` })) },
    },
    include: { chapters: { orderBy: { index: "asc" } } },
  });
  Object.assign(world, {
    groupId: group.id,
    textId: text.id,
    reader,
    writer,
    chapters: [],
    comments: {},
  });
  for (const chapter of text.chapters) {
    const paragraphIds: string[] = [];
    // Stored indexes start at 10: the shield counts positions, not raw indexes.
    for (const index of [10, 11, 12, 13]) {
      const paragraph = await db.paragraph.create({
        data: { chapterId: chapter.id, textId: text.id, index, text: `Paragraph ${index}.` },
      });
      paragraphIds.push(paragraph.id);
    }
    world.chapters.push({ id: chapter.id, paragraphIds });
  }
  await db.user.update({ where: { id: reader.id }, data: { hideCommentsBeyondProgress: true } });
  const access = { groupId: group.id, userId: reader.id, role: "MEMBER" as const };
  // Chapter 1 read to the end, chapter 2 read to its second paragraph, chapter 3 never opened.
  await recordProgress(access, world.chapters[0]!.id, { completed: true });
  await recordProgress(access, world.chapters[1]!.id, {
    fraction: 0.25,
    paragraphId: world.chapters[1]!.paragraphIds[1],
  });

  await comment("read-chapter", 0, 3, writer.id);
  await comment("reached", 1, 1, writer.id);
  await comment("beyond", 1, 2, writer.id);
  await comment("unopened", 2, 0, writer.id);
  await comment("own-unopened", 2, 0, reader.id);
  await comment("orphan-in-reading", 1, -1, writer.id);
  await comment("orphan-in-read", 0, -1, writer.id);
});

function labelsOf(ids: Iterable<string>): string[] {
  const byId = new Map(Object.entries(world.comments).map(([label, id]) => [id, label]));
  return [...ids].map((id) => byId.get(id) ?? id).sort();
}

const SHIELDED = ["beyond", "orphan-in-reading", "unopened"];

describe("the spoiler shield outside the margin", () => {
  it("shields comments past the reader's position, orphans of unfinished chapters, never their own", async () => {
    const rows = await db.comment.findMany({
      where: { groupId: world.groupId },
      select: { id: true, chapterId: true, paragraphId: true, authorId: true },
    });
    const shielded = await shieldedKeys(
      world.reader.id,
      rows.map((row) => ({ key: row.id, ...row, authorIds: [row.authorId] })),
    );
    expect(labelsOf(shielded)).toEqual(SHIELDED);
  });

  it("shields nothing for a member who has not asked for it", async () => {
    const rows = await db.comment.findMany({
      where: { groupId: world.groupId },
      select: { id: true, chapterId: true, paragraphId: true, authorId: true },
    });
    const other = await seedUser({ name: "Other" });
    await seedMembership(world.groupId, other.id, "MEMBER");
    const shielded = await shieldedKeys(
      other.id,
      rows.map((row) => ({ key: row.id, ...row, authorIds: [row.authorId] })),
    );
    expect(shielded.size).toBe(0);
  });

  it("the comments view marks the same threads shielded", async () => {
    const listed = await listComments(
      { userId: world.reader.id, groupId: world.groupId },
      world.textId,
    );
    expect(labelsOf(listed.threads.filter((t) => t.shielded).map((t) => t.threadId))).toEqual(
      SHIELDED,
    );
  });

  it("comment search marks the same hits shielded", async () => {
    const hits = await searchComments(
      { userId: world.reader.id, groupId: world.groupId },
      { q: "lighthouse", limit: 50 },
    );
    expect(hits).toHaveLength(Object.keys(world.comments).length);
    expect(labelsOf(hits.filter((hit) => hit.shielded).map((hit) => hit.messageId))).toEqual(
      SHIELDED,
    );
  });

  it("group home's recent comments are shielded the same way", async () => {
    const overview = await getGroupOverview({
      groupId: world.groupId,
      userId: world.reader.id,
      role: "MEMBER",
    });
    for (const recent of overview.recentComments) {
      const [label] = labelsOf([recent.id]);
      expect(recent.shielded, label).toBe(SHIELDED.includes(label ?? ""));
    }
    expect(overview.recentComments.some((recent) => recent.shielded)).toBe(true);
  });

  it("notifications about a shielded comment say so; others keep their excerpt", async () => {
    for (const label of ["beyond", "reached"]) {
      await db.notification.create({
        data: {
          userId: world.reader.id,
          groupId: world.groupId,
          kind: "comment.assigned",
          payload: {
            messageId: world.comments[label],
            threadId: world.comments[label],
            chapterId: world.chapters[1]!.id,
            actorName: world.writer.name,
            excerpt: `The lighthouse ${label}`,
          },
        },
      });
    }
    const { notifications } = await listNotifications(world.reader.id);
    const byExcerpt = new Map(
      notifications.map((item) => [String(item.payload.excerpt), item.shielded]),
    );
    expect(byExcerpt.get("The lighthouse beyond")).toBe(true);
    expect(byExcerpt.get("The lighthouse reached")).toBe(false);
  });
});
