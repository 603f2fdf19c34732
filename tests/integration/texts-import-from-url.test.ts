/**
 * Importing from a web address through the app's routes: the server fetches a page from a
 * local HTTP server (allowed by IMPORT_URL_ALLOW_PRIVATE=true), previews and imports it like
 * an upload, refuses what it must (too large, too slow, other schemes), and the language a
 * group corrects after the import is validated as a BCP 47 tag.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const ESSAY = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>On Reading Slowly | The Quiet Review</title>
<meta name="author" content="Ada Whitfield"></head>
<body><nav><a href="/">Home</a> <a href="/archive">Archive</a></nav>
<article><h1>On Reading Slowly</h1>
<h2>The first reason</h2>
<p>Reading slowly lets a group of readers notice the same sentence at the same time, and talk about it while it is still fresh in their minds.</p>
<p>It also leaves room for disagreement, which is where the best conversations in a reading group begin and where most of them end.</p>
<h2>The second reason</h2>
<p>A slow reading is a shared reading: the margin fills with comments that answer each other, and the text becomes a meeting place.</p>
<p>Nothing in this essay is new, but it is worth saying again whenever a group is tempted to race to the end of a long book.</p>
</article>
<footer>Copyright The Quiet Review. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>`;

const database = withTestDatabase();
let server: TestServer;
let cast: Cast;
let fixture: GroupFixture;
let pages: http.Server;
let base = "";
const hanging = new Set<http.ServerResponse>();

beforeAll(async () => {
  const epub = readFileSync(new URL("../fixtures/epub/childrens-literature.epub", import.meta.url));
  pages = http.createServer((request, response) => {
    switch (request.url) {
      case "/essays/reading-slowly":
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        response.end(ESSAY);
        return;
      case "/moved":
        response.writeHead(301, { location: "/essays/reading-slowly" });
        response.end();
        return;
      case "/books/childrens-literature":
        response.writeHead(200, { "content-type": "application/epub+zip" });
        response.end(epub);
        return;
      case "/huge":
        response.writeHead(200, {
          "content-type": "text/plain",
          "content-length": 11 * 1024 * 1024,
        });
        response.write("x".repeat(1024));
        hanging.add(response);
        return;
      case "/slow":
        response.writeHead(200, { "content-type": "text/plain" });
        response.write("the first words, and then nothing");
        hanging.add(response);
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  server = await startTestServer({
    databaseUrl: database.url(),
    env: { IMPORT_URL_ALLOW_PRIVATE: "true", IMPORT_URL_TIMEOUT_MS: "2000" },
  });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
});
afterAll(async () => {
  for (const response of hanging) response.destroy();
  await new Promise((resolve) => pages?.close(resolve));
  await server?.stop();
});

type Preview = {
  outline: {
    title: string;
    author: string | null;
    chapters: { title: string; paragraphs: string[] }[];
  };
  sourceFormat: string;
  language: string | null;
  notes: { removed: { reason: string; excerpt: string }[]; doubtfulHeadings: unknown[] };
};
type ErrorBody = { error: { code: string; message: string } };

const post = <T>(what: "texts" | "texts/preview", json: unknown) =>
  cast.clients.owner.json<T>(`/api/groups/${fixture.groupId}/${what}`, { method: "POST", json });

describe("import from a web address", () => {
  it("previews a fetched page like an upload: title from <h1>, author from meta, chrome left out and listed", async () => {
    const response = await post<Preview>("texts/preview", { url: `${base}/moved` });
    expect(response.status).toBe(200);
    const { outline, notes } = response.body;
    expect(outline.title).toBe("On Reading Slowly");
    expect(outline.author).toBe("Ada Whitfield");
    expect(response.body.language).toBe("en");
    expect(response.body.sourceFormat).toBe("html");
    expect(outline.chapters.map((chapter) => chapter.title)).toEqual([
      "The first reason",
      "The second reason",
    ]);
    const text = JSON.stringify(outline);
    expect(text).not.toMatch(/Archive|newsletter/);
    expect(notes.removed.map((part) => part.reason)).toEqual(
      expect.arrayContaining(["navigation", "page-furniture"]),
    );
  });

  it("imports an EPUB by its content type and stores it with its chapters", async () => {
    const before = await db.text.count();
    const response = await post<{ text: { id: string; title: string } }>("texts", {
      url: `${base}/books/childrens-literature`,
    });
    expect(response.status).toBe(201);
    expect(response.body.text.title).toBe("Children's Literature");
    const stored = await db.text.findUniqueOrThrow({
      where: { id: response.body.text.id },
      include: { _count: { select: { chapters: true } } },
    });
    expect(stored.sourceFormat).toBe("epub");
    expect(stored._count.chapters).toBeGreaterThan(5);
    expect(await db.text.count()).toBe(before + 1);
  });

  it("refuses other schemes, too large and too slow answers, and stores nothing", async () => {
    const before = await db.text.count();
    const scheme = await post<ErrorBody>("texts/preview", { url: "file:///etc/passwd" });
    expect(scheme.status).toBe(400);
    expect(scheme.body.error.message).toMatch(/http/);
    const huge = await post<ErrorBody>("texts", { url: `${base}/huge` });
    expect(huge.status).toBe(413);
    const slow = await post<ErrorBody>("texts", { url: `${base}/slow` });
    expect(slow.status).toBe(422);
    expect(slow.body.error.message).toMatch(/did not answer within 2 seconds/);
    const missing = await post<ErrorBody>("texts/preview", { url: `${base}/nowhere` });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/status 404/);
    expect(await db.text.count()).toBe(before);
  });
});

describe("correcting a text's language after import", () => {
  it("PATCH /api/texts/{id} stores a BCP 47 tag in canonical case, clears it when empty, refuses a non-tag", async () => {
    const imported = await post<{ text: { id: string } }>("texts", {
      url: `${base}/essays/reading-slowly`,
    });
    expect(imported.status).toBe(201);
    const path = `/api/texts/${imported.body.text.id}`;
    const owner = cast.clients.owner;
    const set = await owner.json<{ text: { language: string | null } }>(path, {
      method: "PATCH",
      json: { language: "EN-gb" },
    });
    expect(set.status).toBe(200);
    expect(set.body.text.language).toBe("en-GB");
    const bad = await owner.json<ErrorBody>(path, {
      method: "PATCH",
      json: { language: "english please" },
    });
    expect(bad.status).toBe(400);
    expect(
      (await db.text.findUniqueOrThrow({ where: { id: imported.body.text.id } })).language,
    ).toBe("en-GB");
    const cleared = await owner.json<{ text: { language: string | null } }>(path, {
      method: "PATCH",
      json: { language: "" },
    });
    expect(cleared.body.text.language).toBeNull();
  });
});
