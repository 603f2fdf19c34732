/**
 * The one access module's checks for ids a request names besides its path (lib/access/owned-ids),
 * on a real database with two groups: each accepts its own group's ids and refuses the other's
 * with the code and field the caller asked for.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  assertChapterInText,
  assertChaptersInGroup,
  assertMembersOfGroup,
  assertParagraphInChapter,
  assertSessionInGroup,
  assertSessionPassage,
  assertTextInGroup,
  membersAmong,
} from "@/lib/access/owned-ids";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors/app-error";
import { seedGroup, seedUser } from "@/seeds/factories";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

type Group = {
  groupId: string;
  ownerId: string;
  textId: string;
  chapterId: string;
  otherChapterId: string;
  paragraphId: string;
  otherParagraphId: string;
  sessionId: string;
  emptySessionId: string;
};

async function makeGroup(name: string): Promise<Group> {
  const owner = await seedUser({ name: `${name} owner` });
  const group = await seedGroup(owner, { name });
  const text = await db.text.create({
    data: {
      groupId: group.id,
      title: `${name} text`,
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
  const [one, two] = text.chapters;
  if (!one || !two) throw new Error("chapters missing");
  const paragraph = (chapterId: string) =>
    db.paragraph.create({ data: { chapterId, textId: text.id, index: 0, text: `${name} words` } });
  const session = (chapterIds: string[]) =>
    db.discussionSession.create({
      data: {
        groupId: group.id,
        title: `${name} session`,
        startsAt: new Date("2030-01-01T18:00:00Z"),
        endsAt: new Date("2030-01-01T20:00:00Z"),
        timeZone: "UTC",
        chapters: { create: chapterIds.map((chapterId, position) => ({ chapterId, position })) },
      },
    });
  return {
    groupId: group.id,
    ownerId: owner.id,
    textId: text.id,
    chapterId: one.id,
    otherChapterId: two.id,
    paragraphId: (await paragraph(one.id)).id,
    otherParagraphId: (await paragraph(two.id)).id,
    sessionId: (await session([one.id])).id,
    emptySessionId: (await session([])).id,
  };
}

let a: Group;
let b: Group;
beforeAll(async () => {
  a = await makeGroup("Alpha");
  b = await makeGroup("Beta");
});

async function refusal(check: Promise<void>): Promise<{ code: string; fields: unknown }> {
  const error: unknown = await check.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, fields: error.fields };
}

describe("owned ids", () => {
  it("chapters: the group's pass; one of another group refuses the whole list", async () => {
    await assertChaptersInGroup(a.groupId, [a.chapterId, a.otherChapterId, a.chapterId]);
    expect(await refusal(assertChaptersInGroup(a.groupId, [a.chapterId, b.chapterId]))).toEqual({
      code: "not_found",
      fields: { chapterIds: "Pick chapters of this group's texts" },
    });
    expect(
      (await refusal(assertChaptersInGroup(a.groupId, [b.chapterId], { code: "bad_request" })))
        .code,
    ).toBe("bad_request");
  });

  it("members: the group's pass; anyone else is refused; membersAmong filters", async () => {
    await assertMembersOfGroup(a.groupId, [a.ownerId]);
    expect(
      await refusal(assertMembersOfGroup(a.groupId, [a.ownerId, b.ownerId], { field: "hostId" })),
    ).toEqual({ code: "not_found", fields: { hostId: "Pick members of this group" } });
    expect([...(await membersAmong(a.groupId, [a.ownerId, b.ownerId, "nobody"]))]).toEqual([
      a.ownerId,
    ]);
  });

  it("texts, sessions and chapters of a text", async () => {
    await assertTextInGroup(a.groupId, a.textId);
    expect((await refusal(assertTextInGroup(a.groupId, b.textId))).code).toBe("not_found");
    await assertSessionInGroup(a.groupId, a.sessionId);
    expect((await refusal(assertSessionInGroup(a.groupId, b.sessionId))).code).toBe("not_found");
    await assertChapterInText(a.textId, a.otherChapterId);
    expect((await refusal(assertChapterInText(a.textId, b.chapterId))).code).toBe("not_found");
  });

  it("a paragraph must be in the named chapter, not merely in the group", async () => {
    await assertParagraphInChapter(a.chapterId, a.paragraphId);
    expect((await refusal(assertParagraphInChapter(a.chapterId, b.paragraphId))).code).toBe(
      "not_found",
    );
    expect((await refusal(assertParagraphInChapter(a.chapterId, a.otherParagraphId))).code).toBe(
      "not_found",
    );
  });

  it("a spotlight passage: a paragraph of a chapter the session reads", async () => {
    await assertSessionPassage(a.sessionId, a.chapterId, a.paragraphId);
    // Another group's passage, named with its own chapter or with one of the session's.
    expect(
      (await refusal(assertSessionPassage(a.sessionId, b.chapterId, b.paragraphId))).code,
    ).toBe("not_found");
    expect(
      (await refusal(assertSessionPassage(a.sessionId, a.chapterId, b.paragraphId))).code,
    ).toBe("not_found");
    // The group's own chapter that this session does not read.
    expect(
      await refusal(assertSessionPassage(a.sessionId, a.otherChapterId, a.otherParagraphId)),
    ).toEqual({ code: "not_found", fields: { chapterId: "Pick one of the session's chapters" } });
    // A session planned without chapters: any chapter of the group, none of another's.
    await assertSessionPassage(a.emptySessionId, a.otherChapterId, a.otherParagraphId);
    expect(
      (await refusal(assertSessionPassage(a.emptySessionId, b.chapterId, b.paragraphId))).code,
    ).toBe("not_found");
  });
});
