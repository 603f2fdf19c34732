import type { Page } from "playwright-core";
import { db } from "@/lib/db/prisma";
import { DEMO_GROUP_ID, DEMO_ORGANISER } from "@/tests/e2e/helpers/setup-e2e-app";

export type DemoChapter = { textId: string; chapterId: string; paragraphIds: string[] };

/** A one-chapter text in the demo group, written straight to the database (no import needed). */
export async function createDemoChapter(options: {
  textTitle: string;
  chapterTitle: string;
  paragraphs: string[];
}): Promise<DemoChapter> {
  const text = await db.text.create({
    data: {
      groupId: DEMO_GROUP_ID,
      title: options.textTitle,
      sourceFormat: "txt",
      chapters: { create: [{ index: 0, title: options.chapterTitle }] },
    },
    include: { chapters: true },
  });
  const chapter = text.chapters[0];
  if (!chapter) throw new Error("chapter missing");
  const paragraphIds: string[] = [];
  for (const [index, body] of options.paragraphs.entries()) {
    const paragraph = await db.paragraph.create({
      data: { chapterId: chapter.id, textId: text.id, index, text: body },
    });
    paragraphIds.push(paragraph.id);
  }
  return { textId: text.id, chapterId: chapter.id, paragraphIds };
}

/** Selects characters `start`–`end` of a paragraph's first text node, as a reader's drag would. */
export async function selectWords(
  page: Page,
  paragraphId: string,
  start: number,
  end: number,
): Promise<void> {
  await page.evaluate(
    ({ id, from, to }) => {
      const element = document.getElementById(`p-${id}`);
      element?.scrollIntoView({ block: "center" });
      const walker = element ? document.createTreeWalker(element, NodeFilter.SHOW_TEXT) : null;
      const node = walker?.nextNode();
      if (!node) throw new Error("no text in paragraph");
      const range = document.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    },
    { id: paragraphId, from: start, to: end },
  );
}

/** A session of the demo group hosted by the demo organiser that reads one chapter; its id. */
export async function createDemoSession(options: {
  title: string;
  chapterId: string;
  startsAt: Date;
  minutes?: number;
}): Promise<string> {
  const host = await db.user.findUniqueOrThrow({ where: { email: DEMO_ORGANISER } });
  const session = await db.discussionSession.create({
    data: {
      groupId: DEMO_GROUP_ID,
      title: options.title,
      startsAt: options.startsAt,
      endsAt: new Date(options.startsAt.getTime() + (options.minutes ?? 70) * 60_000),
      timeZone: "Europe/London",
      hostId: host.id,
      chapters: { create: [{ chapterId: options.chapterId, position: 0 }] },
    },
  });
  return session.id;
}
