import { expect, it } from "vitest";
import * as Y from "yjs";
import { readThreads, type TThreadSnapshot } from "@/lib/annotations/comment-document";
import { ZCommentAnchor } from "@/lib/annotations/comment-schemas";
import { getPool } from "@/lib/db/pool";
import { db } from "@/lib/db/prisma";
import { readSessionArchive } from "@/lib/sessions/live/read-session-archive";
import { loadStoredState } from "@/lib/documents/store";
import { DEMO_GROUP_ID, seedDemo } from "@/seeds/demo";
import { DEMO_THREADS, seedDemoDiscussion } from "@/seeds/demo-discussion";
import { withTestDatabase } from "@/tests/helpers/test-database";

withTestDatabase();

async function storedThreads(chapterId: string): Promise<TThreadSnapshot[]> {
  const stored = await loadStoredState(getPool(), `chapter:${chapterId}`);
  const doc = new Y.Doc();
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const threads = readThreads(doc);
  doc.destroy();
  return threads;
}

async function counts() {
  const [comments, updates, marks, votes, recaps] = await Promise.all([
    db.comment.count(),
    db.yDocUpdate.count(),
    db.sessionMark.count(),
    db.sessionMarkVote.count(),
    db.chapterRecap.count(),
  ]);
  return { comments, updates, marks, votes, recaps };
}

it("the demo has margin threads (documents and projection), marks with votes on the next session and an archive for each past session, once", async () => {
  const log: string[] = [];
  await seedDemo({ log: (line) => log.push(line) });
  const now = new Date();
  const sessions = await db.discussionSession.findMany({
    where: { groupId: DEMO_GROUP_ID },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, endsAt: true, chapters: { select: { chapterId: true } } },
  });
  const past = sessions.filter((session) => session.endsAt < now);
  const last = past.at(-1);
  const next = sessions.find((session) => session.startsAt >= now);
  if (!last || !next) throw new Error("the demo schedule has no last or next session");
  // A newcomer finds sessions 1 and 2 in the archive and session 3 next.
  expect(past).toHaveLength(2);
  expect(sessions.indexOf(next)).toBe(2);
  expect(log.filter((line) => line.startsWith("Seeding demo discussion"))).toHaveLength(
    2 + past.length,
  );
  const lastChapters = last.chapters.map((chapter) => chapter.chapterId);
  const pastChapters = past.flatMap((session) => session.chapters.map((c) => c.chapterId));
  const nextChapters = next.chapters.map((chapter) => chapter.chapterId);

  // The projection: threads with replies, by every member, a mention, all in the past.
  const rows = await db.comment.findMany({ where: { groupId: DEMO_GROUP_ID } });
  const roots = rows.filter((row) => row.isRoot);
  expect(roots.length).toBeGreaterThanOrEqual(8);
  expect(roots.length).toBeLessThanOrEqual(16);
  expect(rows.length - roots.length).toBeGreaterThanOrEqual(roots.length);
  expect(new Set(rows.map((row) => row.chapterId))).toEqual(
    new Set([...pastChapters, ...nextChapters]),
  );
  expect(new Set(rows.map((row) => row.authorId)).size).toBe(4);
  expect(rows.some((row) => /@\[[^\]]+\]\(user:/.test(row.body))).toBe(true);
  expect(rows.every((row) => row.createdAt < now)).toBe(true);
  expect(
    rows
      .filter((row) => lastChapters.includes(row.chapterId))
      .every((row) => row.createdAt < last.startsAt),
  ).toBe(true);

  // The chapter documents hold the same threads and messages, anchored to real passages.
  const threads = (
    await Promise.all([...new Set([...pastChapters, ...nextChapters])].map(storedThreads))
  ).flat();
  expect(threads.map((thread) => thread.id).sort()).toEqual(
    roots.map((row) => row.threadId).sort(),
  );
  expect(threads.flatMap((thread) => thread.messages.map((m) => m.id)).sort()).toEqual(
    rows.map((row) => row.id).sort(),
  );
  for (const row of rows) {
    const message = threads
      .find((thread) => thread.id === row.threadId)
      ?.messages.find((m) => m.id === row.id);
    expect(message?.body).toBe(row.body);
    expect(message?.authorId).toBe(row.authorId);
  }
  const paragraphs = new Map(
    (
      await db.paragraph.findMany({
        where: { id: { in: threads.map((thread) => thread.anchor.paragraphId) } },
        select: { id: true, text: true, chapterId: true },
      })
    ).map((paragraph) => [paragraph.id, paragraph]),
  );
  for (const { anchor } of threads) {
    expect(ZCommentAnchor.safeParse(anchor).success).toBe(true);
    const paragraph = paragraphs.get(anchor.paragraphId);
    expect(paragraph?.chapterId).toBe(anchor.chapterId);
    expect(paragraph?.text.slice(anchor.start, anchor.end)).toBe(anchor.exact);
    expect(paragraph?.text.slice(0, anchor.start).endsWith(anchor.prefix)).toBe(true);
    expect(paragraph?.text.slice(anchor.end).startsWith(anchor.suffix)).toBe(true);
  }
  expect(
    threads.some((thread) => thread.messages.some((m) => Object.keys(m.reactions).length > 0)),
  ).toBe(true);

  // Two threads of the next session's chapters brought to it, with different vote counts.
  const marks = await db.sessionMark.findMany({
    where: { sessionId: next.id },
    select: { threadId: true, chapterId: true, _count: { select: { votes: true } } },
  });
  expect(marks).toHaveLength(2);
  expect(marks.every((mark) => nextChapters.includes(mark.chapterId))).toBe(true);
  expect(marks.every((mark) => roots.some((row) => row.threadId === mark.threadId))).toBe(true);
  const votes = marks.map((mark) => mark._count.votes).sort();
  expect(votes[0]).toBeGreaterThan(0);
  expect(new Set(votes).size).toBe(2);

  // The last session's archive: three spotlit passages, shared notes, a recap per chapter.
  const archive = await readSessionArchive(last.id);
  expect(archive.agenda).toHaveLength(3);
  for (const item of archive.agenda) {
    expect(lastChapters).toContain(item.chapterId);
    expect(item.excerpt.length).toBeGreaterThan(0);
    expect(new Date(item.setAt).getTime()).toBeGreaterThanOrEqual(last.startsAt.getTime());
    expect(new Date(item.setAt).getTime()).toBeLessThanOrEqual(last.endsAt.getTime());
  }
  expect(archive.notes).toMatch(/^# /);
  expect(archive.notes).toContain("## Passages we looked at");
  const recaps = await db.chapterRecap.findMany({ where: { sessionId: last.id } });
  expect(recaps.map((recap) => recap.chapterId).sort()).toEqual([...lastChapters].sort());
  expect(recaps.every((recap) => recap.body.length > 0)).toBe(true);

  // The first session is no empty shell either: passages, notes, a recap and who came.
  const first = past[0];
  if (!first) throw new Error("no first session");
  const firstArchive = await readSessionArchive(first.id);
  expect(firstArchive.agenda.length).toBeGreaterThanOrEqual(2);
  expect(firstArchive.notes).toContain("## Passages we looked at");
  expect(await db.chapterRecap.count({ where: { sessionId: first.id } })).toBe(
    first.chapters.length,
  );
  for (const session of past)
    expect(
      await db.rsvp.count({ where: { sessionId: session.id, status: "GOING" } }),
    ).toBeGreaterThan(1);
  expect(await db.rsvp.count({ where: { sessionId: next.id, status: "GOING" } })).toBeGreaterThan(
    0,
  );

  // A second run adds nothing.
  const before = await counts();
  expect(await seedDemoDiscussion({ groupId: DEMO_GROUP_ID, log: () => undefined })).toEqual({
    created: false,
  });
  await seedDemo({ log: () => undefined });
  expect(await counts()).toEqual(before);
});

it("every scripted passage is in its chapter; sessions 1 and 2 have spotlit passages, session 3 threads to bring", async () => {
  // The first test seeded the demo; the schedule gives one chapter per session, in text order.
  const text = await db.text.findFirst({
    where: { groupId: DEMO_GROUP_ID },
    orderBy: { createdAt: "asc" },
    select: {
      chapters: {
        orderBy: { index: "asc" },
        select: { title: true, paragraphs: { select: { text: true } } },
      },
    },
  });
  const titles = text?.chapters.map((chapter) => chapter.title) ?? [];
  for (const script of DEMO_THREADS) {
    const chapter = text?.chapters.find((c) => c.title === script.chapter);
    expect(chapter?.paragraphs.some((p) => p.text.includes(script.quote))).toBe(true);
  }
  const [first, last, next] = titles;
  const on = (title: string | undefined) => DEMO_THREADS.filter((s) => s.chapter === title);
  expect(new Set(DEMO_THREADS.map((script) => script.chapter))).toEqual(
    new Set([first, last, next]),
  );
  expect(on(first).filter((script) => script.spotlight).length).toBeGreaterThanOrEqual(2);
  expect(on(last).filter((script) => script.spotlight).length).toBeGreaterThanOrEqual(3);
  expect(on(next).filter((script) => script.bring?.length).length).toBeGreaterThanOrEqual(2);
});
