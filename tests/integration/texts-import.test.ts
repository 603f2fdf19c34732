/**
 * Importing texts over HTTP into PostgreSQL: every format end to end, the preview that equals
 * the outline command, streamed progress, and refused inputs that leave nothing behind.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { promisify } from "node:util";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import type { HttpClient } from "@/tests/helpers/http-client";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let server: TestServer;
let cast: Cast;
let fixture: GroupFixture;
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
});
afterAll(async () => server?.stop());

type ImportedText = {
  id: string;
  title: string;
  author: string | null;
  chapterCount: number;
  paragraphCount: number;
  url: string;
};
type ErrorBody = { error: { code: string; message: string } };

const file = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url));

function form(bytes: Uint8Array, name: string, type = ""): FormData {
  const data = new FormData();
  data.set("file", new Blob([new Uint8Array(bytes)], { type }), name);
  return data;
}

function upload<T>(client: HttpClient, body: FormData, what: "texts" | "texts/preview" = "texts") {
  return client.json<T>(`/api/groups/${fixture.groupId}/${what}`, { method: "POST", body });
}

async function rowCounts() {
  const [texts, chapters, paragraphs] = await Promise.all([
    db.text.count(),
    db.chapter.count(),
    db.paragraph.count(),
  ]);
  return { texts, chapters, paragraphs };
}

async function stored(textId: string) {
  return db.text.findUniqueOrThrow({
    where: { id: textId },
    select: {
      groupId: true,
      title: true,
      author: true,
      searchConfig: true,
      sourceFormat: true,
      wordCount: true,
      chapters: {
        orderBy: { index: "asc" },
        select: {
          title: true,
          index: true,
          paragraphs: {
            orderBy: { index: "asc" },
            select: { index: true, text: true, kind: true },
          },
        },
      },
    },
  });
}

async function indexedParagraphs(textId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Paragraph" WHERE "textId" = ${textId} AND tsv IS NOT NULL AND tsv <> ''::tsvector`;
  return Number(row?.n ?? 0);
}

describe("import of each format", () => {
  it("POST /api/groups/{id}/texts - a PDF-extracted .txt seed is stored with its chapters, cleaned paragraphs and search vectors", async () => {
    const response = await upload<{ text: ImportedText }>(
      cast.clients.owner,
      form(file("../seeds/004_aa84c45c7378477e.txt"), "004_aa84c45c7378477e.txt", "text/plain"),
    );
    expect(response.status).toBe(201);
    const text = await stored(response.body.text.id);
    expect(text).toMatchObject({
      groupId: fixture.groupId,
      title: "Bureaucratism or Workers' Power",
      author: "Ted Grant and Roger Silverman",
      searchConfig: "english",
      sourceFormat: "txt",
    });
    expect(text.chapters.map((chapter) => chapter.title).slice(0, 3)).toEqual([
      "Introduction",
      "From an India to an America",
      "All Power to the Soviets",
    ]);
    expect(text.chapters).toHaveLength(14);
    expect(text.chapters.map((chapter) => chapter.index)).toEqual([...Array(14).keys()]);
    const paragraphs = text.chapters.flatMap((chapter) => chapter.paragraphs);
    expect(paragraphs.length).toBe(response.body.text.paragraphCount);
    expect(paragraphs.every((p) => !p.text.includes("\n"))).toBe(true);
    expect(await indexedParagraphs(response.body.text.id)).toBe(paragraphs.length);
    expect(response.body.text.url).toBe(
      `/groups/${fixture.groupId}/texts/${response.body.text.id}`,
    );
  });

  it("POST /api/groups/{id}/texts - Markdown headings become chapters; a quotation, list items and a footnote keep their kinds", async () => {
    const response = await upload<{ text: ImportedText }>(
      cast.clients.moderator,
      form(file("fixtures/texts/reading-notes.md"), "reading-notes.md"),
    );
    expect(response.status).toBe(201);
    const text = await stored(response.body.text.id);
    expect(text.title).toBe("Notes on the Soviet Economy");
    expect(text.author).toBe("Reading Group");
    expect(text.sourceFormat).toBe("md");
    expect(text.chapters.map((chapter) => chapter.title)).toEqual([
      "Introduction",
      "Planning and command",
      "Workers' democracy",
    ]);
    const kinds = text.chapters[1]?.paragraphs.map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(["quote", "list-item", "heading"]));
    expect(text.chapters.at(-1)?.paragraphs.at(-1)?.kind).toBe("footnote");
  });

  it("POST /api/groups/{id}/texts - an HTML page imports with its h2 chapters and its author", async () => {
    const response = await upload<{ text: ImportedText }>(
      cast.clients.owner,
      form(file("fixtures/texts/bureaucratism.html"), "bureaucratism.html", "text/html"),
    );
    expect(response.status).toBe(201);
    const text = await stored(response.body.text.id);
    expect(text.sourceFormat).toBe("html");
    expect(text.title).toBe("Bureaucratism or Workers' Power");
    expect(text.author).toBe("Ted Grant");
    expect(text.chapters.map((chapter) => chapter.title)).toEqual([
      "Introduction",
      "From an India to an America",
      "All Power to the Soviets",
    ]);
    expect(text.chapters[2]?.paragraphs.map((p) => p.kind)).toEqual([
      "paragraph",
      "list-item",
      "list-item",
      "footnote",
    ]);
  });

  it.each([
    // 140: the navigation's copyright page is left out as a licence (docs/outline.md, EPUB).
    { name: "moby-dick.epub", title: "Moby-Dick", author: "Herman Melville", chapters: 140 },
    {
      name: "childrens-literature.epub",
      title: "Children's Literature",
      author: "Charles Madison Curry and Erle Elsworth Clippinger",
      chapters: 17,
    },
  ])(
    "POST /api/groups/{id}/texts - the real EPUB $name imports with the chapters of its navigation",
    async ({ name, title, author, chapters }) => {
      const response = await upload<{ text: ImportedText }>(
        cast.clients.owner,
        form(file(`fixtures/epub/${name}`), name, "application/epub+zip"),
      );
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.text).toMatchObject({ title, author, chapterCount: chapters });
      const text = await stored(response.body.text.id);
      expect(text.sourceFormat).toBe("epub");
      expect(text.chapters).toHaveLength(chapters);
      expect(text.chapters.every((chapter) => chapter.paragraphs.length > 0)).toBe(true);
      if (name === "moby-dick.epub") {
        expect(text.chapters[4]?.title).toBe("Chapter 1. Loomings.");
        expect(text.chapters[4]?.paragraphs[0]?.text).toMatch(/^Call me Ishmael\./);
      }
    },
  );

  it("POST /api/groups/{id}/texts - pasted text (JSON) is imported with the given title", async () => {
    const response = await cast.clients.owner.json<{ text: ImportedText }>(
      `/api/groups/${fixture.groupId}/texts`,
      {
        method: "POST",
        json: {
          title: "Pasted notes",
          text: "Planning\n\nThe plan needs democracy.\n\nMarkets\n\nThe market is a check on the plan.",
        },
      },
    );
    expect(response.status).toBe(201);
    const text = await stored(response.body.text.id);
    expect(text.title).toBe("Pasted notes");
    expect(text.sourceFormat).toBe("paste");
    expect(text.chapters.flatMap((c) => c.paragraphs.map((p) => p.text))).toEqual(
      expect.arrayContaining(["The plan needs democracy.", "The market is a check on the plan."]),
    );
  });
});

describe("preview and progress", () => {
  const execFileAsync = promisify(execFile);

  it.each(["seeds/002_45fa8428baf552bc.txt", "tests/fixtures/texts/reading-notes.md"])(
    "POST /api/groups/{id}/texts/preview - %s: the outline equals `npm run outline` and nothing is stored",
    async (path) => {
      const before = await rowCounts();
      const name = path.split("/").pop() ?? path;
      const response = await upload<{ outline: unknown; sourceFormat: string }>(
        cast.clients.owner,
        form(readFileSync(path), name),
        "texts/preview",
      );
      expect(response.status).toBe(200);
      const { stdout } = await execFileAsync(
        process.execPath,
        ["--import", "tsx", "scripts/outline.ts", path],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      expect(response.body.outline).toEqual(JSON.parse(stdout));
      expect(await rowCounts()).toEqual(before);
    },
  );

  it("POST /api/groups/{id}/texts with Accept: application/x-ndjson - streams stage progress, then the created text", async () => {
    const response = await cast.clients.owner.request(`/api/groups/${fixture.groupId}/texts`, {
      method: "POST",
      headers: { accept: "application/x-ndjson" },
      body: form(file("../seeds/002_45fa8428baf552bc.txt"), "002_45fa8428baf552bc.txt"),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const events = (await response.text())
      .trim()
      .split("\n")
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            stage?: string;
            done?: number;
            total?: number;
            text?: ImportedText;
          },
      );
    const stages = new Set(events.filter((e) => e.type === "progress").map((e) => e.stage));
    expect([...stages]).toEqual(expect.arrayContaining(["read", "parse", "outline", "store"]));
    const store = events.filter((e) => e.stage === "store");
    expect(store.at(-1)?.done).toBe(store.at(-1)?.total);
    const last = events.at(-1);
    expect(last?.type).toBe("done");
    expect(last?.text?.chapterCount).toBe(16);
    expect(await db.text.count({ where: { id: last?.text?.id } })).toBe(1);
  });

  it("POST with Accept: application/x-ndjson - a refused file ends the stream with an error event", async () => {
    const before = await rowCounts();
    const response = await cast.clients.owner.request(`/api/groups/${fixture.groupId}/texts`, {
      method: "POST",
      headers: { accept: "application/x-ndjson" },
      body: form(strToU8("   \n\n  "), "blank.txt"),
    });
    const events = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown);
    expect(events.at(-1)).toMatchObject({
      type: "error",
      status: 422,
      error: { code: "unprocessable" },
    });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("refused inputs leave nothing behind", () => {
  const zipBomb = () =>
    zipSync(
      {
        mimetype: [strToU8("application/epub+zip"), { level: 0 }],
        "OEBPS/chapter.xhtml": new Uint8Array(40 * 1024 * 1024),
      },
      { level: 9 },
    );

  it.each([
    {
      what: "an empty file",
      body: () => form(new Uint8Array(), "empty.txt"),
      status: 422,
      message: /empty/i,
    },
    {
      what: "a blank text file",
      body: () => form(strToU8("\n   \n\t\n"), "blank.md"),
      status: 422,
      message: /no readable text|empty/i,
    },
    {
      what: "a damaged PDF",
      body: () => form(strToU8("%PDF-1.7\n%binary"), "book.pdf"),
      status: 422,
      message: /PDF is damaged/,
    },
    {
      what: "a broken EPUB (not a zip)",
      body: () => form(strToU8("this is not a zip archive"), "broken.epub"),
      status: 422,
      message: /damaged/i,
    },
    {
      what: "a truncated EPUB",
      body: () =>
        form(file("fixtures/epub/childrens-literature.epub").subarray(0, 40_000), "cut.epub"),
      status: 422,
      message: /damaged|EPUB/i,
    },
    {
      what: "a zip bomb EPUB",
      body: () => form(zipBomb(), "bomb.epub"),
      status: 413,
      message: /./,
    },
    {
      what: "a form without a file",
      body: () => new FormData(),
      status: 400,
      message: /file/,
    },
  ])(
    "POST /api/groups/{id}/texts - $what is refused ($status) with a clear message",
    async ({ body, status, message }) => {
      const before = await rowCounts();
      const response = await upload<ErrorBody>(cast.clients.owner, body());
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.error.message).toMatch(message);
      expect(await rowCounts()).toEqual(before);
    },
  );

  it("POST /api/groups/{id}/texts - empty pasted text is refused (422)", async () => {
    const before = await rowCounts();
    const response = await cast.clients.owner.json<ErrorBody>(
      `/api/groups/${fixture.groupId}/texts`,
      {
        method: "POST",
        json: { title: "Nothing", text: "   " },
      },
    );
    expect(response.status).toBe(422);
    expect(response.body.error.message).toMatch(/empty/);
    expect(await rowCounts()).toEqual(before);
  });

  it("POST /api/groups/{id}/texts - a body over 10 MB streamed without Content-Length is cut off while reading (413)", async () => {
    const before = await rowCounts();
    const boundary = "----marginalia-test-boundary";
    const head = strToU8(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    );
    const chunk = strToU8("All work and no play makes Jack a dull boy. ".repeat(1490) + "\n");
    let sent = 0;
    const totalChunks = 200; // ≈ 13 MB if the server read it all
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      pull(controller) {
        if (sent >= totalChunks) {
          controller.enqueue(strToU8(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    let status: number | "connection closed";
    try {
      const response = await cast.clients.owner.request(`/api/groups/${fixture.groupId}/texts`, {
        method: "POST",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
        body,
        duplex: "half",
      } as RequestInit);
      status = response.status;
      // The answer came while the client was still sending: the server stopped reading early.
      expect(sent).toBeLessThan(totalChunks);
      expect(((await response.json()) as ErrorBody).error.code).toBe("payload_too_large");
    } catch {
      // The server may close the connection once it has answered; the upload never completes.
      status = "connection closed";
    }
    expect([413, "connection closed"]).toContain(status);
    expect(await rowCounts()).toEqual(before);
  });

  it("POST /api/groups/{id}/texts - a declared Content-Length over the limit is refused before the body is sent (413)", async () => {
    const url = new URL(`/api/groups/${fixture.groupId}/texts`, server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(url, {
        method: "POST",
        headers: {
          cookie: cast.clients.owner.cookieHeader(),
          origin: url.origin,
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(11 * 1024 * 1024),
        },
      });
      request.on("response", (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on("error", reject);
      // Only the headers and a first line go out: the answer must not wait for the rest.
      request.write("--x\r\n");
    });
    expect(status).toBe(413);
  });
});
