/**
 * The library once texts are in: the demo seed, the text and chapter API, the reader page,
 * outline edits that keep paragraph ids, and full-text search across the five seeds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { seedDemoTexts, readSeedManifest } from "@/seeds/demo-texts";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let server: TestServer;
let cast: Cast;
let fixture: GroupFixture;
let seeded: string[];
const lines: string[] = [];
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
  seeded = (
    await seedDemoTexts({
      groupId: fixture.groupId,
      importedById: cast.users.owner.id,
      log: (line) => lines.push(line),
    })
  ).imported;
});
afterAll(async () => server?.stop());

type TextBody = {
  text: {
    id: string;
    title: string;
    author: string | null;
    chapters: { id: string; title: string; index: number; wordCount: number; url: string }[];
  };
};
type ChapterBody = {
  chapter: {
    id: string;
    title: string;
    index: number;
    textId: string;
    url: string;
    previous: { id: string } | null;
    next: { id: string } | null;
    paragraphs: {
      id: string;
      index: number;
      text: string;
      kind: string;
      url: string;
      footnoteRefs: { footnoteId: string; paragraphId: string; url: string }[];
      citedBy: { paragraphId: string; url: string }[];
    }[];
  };
};
type SearchBody = {
  hits: { textId: string; snippet: string; url: string; paragraphId: string; chapterId: string }[];
};

async function textByFile(file: string) {
  return db.text.findFirstOrThrow({
    where: { groupId: fixture.groupId, sourceFileName: file },
    select: { id: true, title: true },
  });
}

describe("demo library", () => {
  it("seedDemoTexts imports the five seeds with the manifest's titles, authors and years, and skips them the second time", async () => {
    expect(seeded).toHaveLength(5);
    const manifest = await readSeedManifest();
    const texts = await db.text.findMany({
      where: { groupId: fixture.groupId, sourceFileName: { not: null } },
      select: { title: true, author: true, year: true, sourceFileName: true },
    });
    for (const entry of manifest) {
      expect(texts).toContainEqual({
        title: entry.title,
        author: entry.author,
        year: entry.year,
        sourceFileName: entry.file,
      });
    }
    expect(texts.some((text) => text.title.includes("states no title"))).toBe(false);
    expect(lines.some((line) => /Demo library \[5\/5\]/.test(line))).toBe(true);
    const again = await seedDemoTexts({
      groupId: fixture.groupId,
      importedById: null,
      log: () => undefined,
    });
    expect(again).toEqual({ imported: [], skipped: expect.arrayContaining(seeded) as unknown });
    expect(await db.text.count({ where: { groupId: fixture.groupId } })).toBe(6);
  });
});

describe("text and chapter API", () => {
  it("GET /api/groups/{id}/texts - lists the library with id, title and author", async () => {
    const { status, body } = await cast.clients.member.json<{
      texts: { id: string; title: string; author: string | null; chapterCount: number }[];
    }>(`/api/groups/${fixture.groupId}/texts`);
    expect(status).toBe(200);
    expect(body.texts).toHaveLength(6);
    expect(body.texts).toContainEqual(
      expect.objectContaining({
        title: "Stalin and Stalinism",
        author: "IBRP (International Bureau for the Revolutionary Party)",
        chapterCount: 7,
      }),
    );
  });

  it("GET /api/texts/{id} - the text with its chapters (id, title, index) in order", async () => {
    const { id } = await textByFile("001_196100432a12d684.txt");
    const { status, body } = await cast.clients.member.json<TextBody>(`/api/texts/${id}`);
    expect(status).toBe(200);
    expect(body.text).toMatchObject({ id, title: "Stalin and Stalinism" });
    expect(body.text.chapters.map(({ title, index }) => ({ title, index }))).toEqual(
      [
        "Introduction",
        "The Myth of Stalin",
        "Modes of Production",
        "The Course of the Counter-Revolution",
        "The Civil War and Imperialist Intervention",
        "The Economy",
        "Notes",
      ].map((title, index) => ({ title, index })),
    );
    expect(body.text.chapters.every((chapter) => chapter.wordCount > 0)).toBe(true);
  });

  it("GET /api/chapters/{id} - paragraphs with id, index, text and a reader url; footnote marks resolve to the Notes chapter and back", async () => {
    const { id } = await textByFile("001_196100432a12d684.txt");
    const { body: text } = await cast.clients.member.json<TextBody>(`/api/texts/${id}`);
    const intro = text.text.chapters[0];
    const { status, body } = await cast.clients.member.json<ChapterBody>(
      `/api/chapters/${intro?.id}`,
    );
    expect(status).toBe(200);
    const chapter = body.chapter;
    const readerUrl = `/groups/${fixture.groupId}/texts/${id}/chapters/${intro?.id}`;
    expect(chapter).toMatchObject({ id: intro?.id, title: "Introduction", index: 0, textId: id });
    expect(chapter.url).toBe(readerUrl);
    expect(chapter.previous).toBeNull();
    expect(chapter.next?.id).toBe(text.text.chapters[1]?.id);
    chapter.paragraphs.forEach((paragraph, index) => {
      expect(paragraph.index).toBe(index);
      expect(typeof paragraph.id).toBe("string");
      expect(paragraph.text.length).toBeGreaterThan(0);
      expect(paragraph.url).toBe(`${readerUrl}#p-${paragraph.id}`);
    });
    const citing = chapter.paragraphs.find((p) => p.footnoteRefs.length > 0);
    const notesChapter = text.text.chapters.at(-1);
    expect(citing?.footnoteRefs[0]?.url).toContain(`/chapters/${notesChapter?.id}#p-`);
    const notes = await cast.clients.member.json<ChapterBody>(`/api/chapters/${notesChapter?.id}`);
    const note = notes.body.chapter.paragraphs.find(
      (p) => p.id === citing?.footnoteRefs[0]?.paragraphId,
    );
    expect(note?.kind).toBe("footnote");
    expect(note?.citedBy.map((c) => c.paragraphId)).toContain(citing?.id);
  });
});

describe("reader page", () => {
  it("GET /groups/{g}/texts/{t}/chapters/{c} - every paragraph is addressable, styled by kind, with TOC, next link and an empty comment margin", async () => {
    const { id } = await textByFile("001_196100432a12d684.txt");
    const { body: text } = await cast.clients.member.json<TextBody>(`/api/texts/${id}`);
    const chapter = text.text.chapters[4];
    const response = await cast.clients.member.request(chapter?.url ?? "");
    expect(response.status).toBe(200);
    const html = await response.text();
    const { body } = await cast.clients.member.json<ChapterBody>(`/api/chapters/${chapter?.id}`);
    for (const paragraph of body.chapter.paragraphs) {
      expect(html).toContain(`id="p-${paragraph.id}" data-paragraph-id="${paragraph.id}"`);
    }
    expect(html).toMatch(/<blockquote id="p-[^"]+" data-paragraph-id="[^"]+" data-kind="quote"/);
    expect(html).toContain('aria-label="Table of contents"');
    expect(html).toContain(`href="${text.text.chapters[5]?.url}"`);
    expect(html).toMatch(/<aside[^>]*aria-label="Margin comments"[^>]*data-comment-margin[^>]*>/);
    expect(html).toContain('class="footnote-mark"');
    expect(html).toContain("marginalia-theme");
  });

  it("GET the reader with a chapter id under another text's path is 404", async () => {
    const { id } = await textByFile("001_196100432a12d684.txt");
    const response = await cast.clients.member.request(
      `/groups/${fixture.groupId}/texts/${id}/chapters/${fixture.chapterId}`,
    );
    expect(response.status).toBe(404);
  });
});

describe("editing the outline", () => {
  it("PATCH /api/texts/{id} - corrects the title and author the importer guessed; bad input changes nothing", async () => {
    const { id } = await textByFile("002_45fa8428baf552bc.txt");
    const edited = await cast.clients.moderator.json<{ text: { title: string; author: null } }>(
      `/api/texts/${id}`,
      { method: "PATCH", json: { title: "  Stalinism — קריאה 📖  ", author: "" } },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.text).toMatchObject({ title: "Stalinism — קריאה 📖", author: null });
    const library = await cast.clients.member.json<TextBody>(`/api/texts/${id}`);
    expect(library.body.text).toMatchObject({ title: "Stalinism — קריאה 📖", author: null });

    for (const json of [{}, { title: "" }, { title: 123 }, { author: "x".repeat(301) }]) {
      const refused = await cast.clients.owner.json<{ error: { message: string } }>(
        `/api/texts/${id}`,
        { method: "PATCH", json },
      );
      expect(refused.status, JSON.stringify(json)).toBe(400);
      expect(refused.body.error.message.length).toBeGreaterThan(0);
    }
    const after = await db.text.findUniqueOrThrow({ where: { id }, select: { title: true } });
    expect(after.title).toBe("Stalinism — קריאה 📖");
  });

  it("PATCH /api/chapters/{id} - renames a chapter, and the reader shows the new title at once", async () => {
    const { id } = await textByFile("000_04b84391e77ad78b.txt");
    const { body: text } = await cast.clients.owner.json<TextBody>(`/api/texts/${id}`);
    const chapterId = text.text.chapters[1]?.id ?? "";
    await cast.clients.member.json(`/api/chapters/${chapterId}`); // warms the cache
    const renamed = await cast.clients.moderator.json<{ chapter: { title: string } }>(
      `/api/chapters/${chapterId}`,
      { method: "PATCH", json: { title: "  Organised crime and socialism  " } },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body.chapter.title).toBe("Organised crime and socialism");
    const after = await cast.clients.member.json<ChapterBody>(`/api/chapters/${chapterId}`);
    expect(after.body.chapter.title).toBe("Organised crime and socialism");
    const empty = await cast.clients.owner.json(`/api/chapters/${chapterId}`, {
      method: "PATCH",
      json: { title: " " },
    });
    expect(empty.status).toBe(400);
  });

  it("POST /api/chapters/{id}/split then /merge - paragraph ids never change, chapters renumber, and merging restores the original order", async () => {
    const { id } = await textByFile("004_aa84c45c7378477e.txt");
    const before = await cast.clients.owner.json<TextBody>(`/api/texts/${id}`);
    const target = before.body.text.chapters[2];
    const original = await cast.clients.owner.json<ChapterBody>(`/api/chapters/${target?.id}`);
    const ids = original.body.chapter.paragraphs.map((p) => p.id);
    const at = ids[4] ?? "";

    const split = await cast.clients.moderator.json<{
      chapter: { id: string };
      newChapter: { id: string; index: number; title: string };
      movedParagraphIds: string[];
    }>(`/api/chapters/${target?.id}/split`, {
      method: "POST",
      json: { paragraphId: at, title: "The Soviets in power" },
    });
    expect(split.status).toBe(200);
    expect(split.body.movedParagraphIds).toEqual(ids.slice(4));
    expect(split.body.newChapter).toMatchObject({ index: 3, title: "The Soviets in power" });

    const middle = await cast.clients.member.json<TextBody>(`/api/texts/${id}`);
    expect(middle.body.text.chapters.map((c) => c.index)).toEqual([
      ...Array(before.body.text.chapters.length + 1).keys(),
    ]);
    expect(middle.body.text.chapters[3]?.title).toBe("The Soviets in power");
    expect(middle.body.text.chapters[4]?.id).toBe(before.body.text.chapters[3]?.id);
    const first = await cast.clients.member.json<ChapterBody>(`/api/chapters/${target?.id}`);
    const second = await cast.clients.member.json<ChapterBody>(
      `/api/chapters/${split.body.newChapter.id}`,
    );
    expect(first.body.chapter.paragraphs.map((p) => p.id)).toEqual(ids.slice(0, 4));
    expect(second.body.chapter.paragraphs.map((p) => p.id)).toEqual(ids.slice(4));
    expect(second.body.chapter.paragraphs.map((p) => p.index)).toEqual(
      ids.slice(4).map((_id, index) => index),
    );
    expect(first.body.chapter.next?.id).toBe(split.body.newChapter.id);

    const merged = await cast.clients.owner.json<{ removedChapterId: string }>(
      `/api/chapters/${target?.id}/merge`,
      { method: "POST", json: { with: "next" } },
    );
    expect(merged.status).toBe(200);
    expect(merged.body.removedChapterId).toBe(split.body.newChapter.id);
    const restored = await cast.clients.member.json<ChapterBody>(`/api/chapters/${target?.id}`);
    expect(restored.body.chapter.paragraphs.map((p) => p.id)).toEqual(ids);
    expect(restored.body.chapter.paragraphs.map((p) => p.index)).toEqual(ids.map((_id, i) => i));
    const after = await cast.clients.member.json<TextBody>(`/api/texts/${id}`);
    expect(after.body.text.chapters.map((c) => [c.id, c.index])).toEqual(
      before.body.text.chapters.map((c) => [c.id, c.index]),
    );
    expect(after.body.text.chapters.map((c) => c.wordCount)).toEqual(
      before.body.text.chapters.map((c) => c.wordCount),
    );
    const gone = await cast.clients.member.json(`/api/chapters/${split.body.newChapter.id}`);
    expect(gone.status).toBe(404);
  });

  it("POST /api/chapters/{id}/merge with previous keeps the earlier chapter; sessions of the removed chapter follow", async () => {
    const { id } = await textByFile("000_04b84391e77ad78b.txt");
    const before = await cast.clients.owner.json<TextBody>(`/api/texts/${id}`);
    const [, second, third] = before.body.text.chapters;
    await db.sessionChapter.create({
      data: { sessionId: fixture.sessionId, chapterId: third?.id ?? "", position: 1 },
    });
    const secondIds = (
      await cast.clients.owner.json<ChapterBody>(`/api/chapters/${second?.id}`)
    ).body.chapter.paragraphs.map((p) => p.id);
    const thirdIds = (
      await cast.clients.owner.json<ChapterBody>(`/api/chapters/${third?.id}`)
    ).body.chapter.paragraphs.map((p) => p.id);
    const merged = await cast.clients.owner.json<{ chapter: { id: string } }>(
      `/api/chapters/${third?.id}/merge`,
      { method: "POST", json: { with: "previous" } },
    );
    expect(merged.status).toBe(200);
    expect(merged.body.chapter.id).toBe(second?.id);
    const after = await cast.clients.owner.json<ChapterBody>(`/api/chapters/${second?.id}`);
    expect(after.body.chapter.paragraphs.map((p) => p.id)).toEqual([...secondIds, ...thirdIds]);
    expect(
      await db.sessionChapter.count({
        where: { sessionId: fixture.sessionId, chapterId: second?.id },
      }),
    ).toBe(1);
  });

  it("split refuses the first paragraph and a paragraph of another chapter (422); merge past the end is 422", async () => {
    const { id } = await textByFile("003_0107c59ff2c9d671.txt");
    const { body } = await cast.clients.owner.json<TextBody>(`/api/texts/${id}`);
    const only = body.text.chapters[0];
    const chapter = await cast.clients.owner.json<ChapterBody>(`/api/chapters/${only?.id}`);
    const atFirst = await cast.clients.owner.json(`/api/chapters/${only?.id}/split`, {
      method: "POST",
      json: { paragraphId: chapter.body.chapter.paragraphs[0]?.id, title: "x" },
    });
    expect(atFirst.status).toBe(422);
    const foreign = await cast.clients.owner.json(`/api/chapters/${only?.id}/split`, {
      method: "POST",
      json: { paragraphId: fixture.paragraphIds[1], title: "x" },
    });
    expect(foreign.status).toBe(422);
    const last = await cast.clients.owner.json(
      `/api/chapters/${body.text.chapters.at(-1)?.id}/merge`,
      { method: "POST", json: { with: "next" } },
    );
    expect(last.status).toBe(422);
  });
});

describe("search", () => {
  it.each([
    { file: "000_04b84391e77ad78b.txt", phrase: '"illicit commodity trade"' },
    { file: "001_196100432a12d684.txt", phrase: '"officer class of the Red Army"' },
    // In the source this phrase runs over a hard line break.
    { file: "002_45fa8428baf552bc.txt", phrase: '"signed in Poland"' },
    { file: "003_0107c59ff2c9d671.txt", phrase: '"privileged caste"' },
    { file: "004_aa84c45c7378477e.txt", phrase: '"two outstanding revolutionaries"' },
  ])(
    "GET /api/groups/{id}/search - the phrase $phrase is found in $file with a highlighted snippet linking to the paragraph",
    async ({ file, phrase }) => {
      const text = await textByFile(file);
      const { status, body } = await cast.clients.member.json<SearchBody>(
        `/api/groups/${fixture.groupId}/search?q=${encodeURIComponent(phrase)}`,
      );
      expect(status).toBe(200);
      const hit = body.hits.find((h) => h.textId === text.id);
      expect(hit, JSON.stringify(body.hits.slice(0, 3))).toBeDefined();
      expect(hit?.snippet).toMatch(/<mark>[^<]+<\/mark>/);
      const marked = [...(hit?.snippet.matchAll(/<mark>([^<]+)<\/mark>/g) ?? [])].map((m) =>
        m[1]?.toLowerCase(),
      );
      const words = phrase.replaceAll('"', "").toLowerCase().split(" ");
      expect(marked.some((word) => word && words.includes(word))).toBe(true);
      expect(hit?.url).toBe(
        `/groups/${fixture.groupId}/texts/${text.id}/chapters/${hit?.chapterId}#p-${hit?.paragraphId}`,
      );
      const paragraph = await db.paragraph.findUniqueOrThrow({
        where: { id: hit?.paragraphId ?? "" },
      });
      expect(paragraph.text.toLowerCase().replace(/\s+/g, " ")).toContain(
        phrase.replaceAll('"', "").toLowerCase(),
      );
    },
  );

  it("GET /api/groups/{id}/search - one word is found in every seed; textId narrows to one text; stemming matches other forms", async () => {
    const all = await cast.clients.member.json<SearchBody>(
      `/api/groups/${fixture.groupId}/search?q=bureaucracy&limit=100`,
    );
    const seedIds = await Promise.all(
      (await readSeedManifest()).map(async (entry) => (await textByFile(entry.file)).id),
    );
    for (const textId of seedIds) {
      const within = await cast.clients.member.json<SearchBody>(
        `/api/groups/${fixture.groupId}/search?q=Stalinism&textId=${textId}`,
      );
      expect(within.body.hits.length).toBeGreaterThan(0);
      expect(within.body.hits.every((hit) => hit.textId === textId)).toBe(true);
    }
    expect(all.body.hits.length).toBeGreaterThan(10);
    const stemmed = await cast.clients.member.json<SearchBody>(
      `/api/groups/${fixture.groupId}/search?q=bureaucracies`,
    );
    expect(stemmed.body.hits.length).toBeGreaterThan(0);
  });

  it("GET /api/groups/{id}/search - an empty query is 400; a text of another group is 404", async () => {
    const empty = await cast.clients.member.json(`/api/groups/${fixture.groupId}/search?q=%20`);
    expect(empty.status).toBe(400);
    const other = await groupFixture(cast);
    const foreign = await cast.clients.member.json(
      `/api/groups/${fixture.groupId}/search?q=secret&textId=${other.textId}`,
    );
    expect(foreign.status).toBe(404);
  });

  it("GET /groups/{id}/search?q= - the search page lists highlighted results that link to paragraphs", async () => {
    const response = await cast.clients.member.request(
      `/groups/${fixture.groupId}/search?q=${encodeURIComponent('"privileged caste"')}`,
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<mark[^>]*>privileged<\/mark>/);
    expect(html).toMatch(/href="\/groups\/[^"]+\/chapters\/[^"]+#p-[^"]+"/);
  });
});
