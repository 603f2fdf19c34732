/**
 * PDF import over HTTP: the preview route reads a real paper on the parse worker (pdfjs in the
 * piscina pool), streams one progress event per page and returns its chapters; a scan is refused.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { withServerAndFixture } from "@/tests/helpers/server-with-fixture";

// A busy CI machine reads a 13-page paper slower than the default 20 s budget allows.
const ctx = withServerAndFixture({ PARSE_TIMEOUT_MS: "120000" });

const file = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url));

function form(bytes: Uint8Array, name: string): FormData {
  const data = new FormData();
  data.set("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), name);
  return data;
}

type Event = {
  type: string;
  stage?: string;
  done?: number;
  total?: number;
  status?: number;
  preview?: {
    sourceFormat: string;
    outline: { title: string; chapters: Array<{ title: string }> };
  };
  error?: { code: string; message: string };
};

async function streamPreview(body: FormData): Promise<Event[]> {
  const response = await ctx.cast.clients.owner.request(
    `/api/groups/${ctx.fixture.groupId}/texts/preview`,
    { method: "POST", headers: { accept: "application/x-ndjson" }, body },
  );
  expect(response.status).toBe(200);
  return (await response.text())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Event);
}

describe("PDF preview", () => {
  it("POST /api/groups/{id}/texts/preview - a two-column paper: progress per page, then its chapters; nothing stored", async () => {
    const before = await db.text.count();
    const events = await streamPreview(
      form(file("corpus/pdf-en-arxiv-dense-passage-retrieval/source.pdf"), "dpr.pdf"),
    );
    const pages = events.filter((event) => event.stage === "pages");
    expect(pages.map((event) => event.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const last = events.at(-1);
    expect(last?.type).toBe("done");
    expect(last?.preview?.sourceFormat).toBe("pdf");
    expect(last?.preview?.outline.title).toBe(
      "Dense Passage Retrieval for Open-Domain Question Answering",
    );
    const titles = last?.preview?.outline.chapters.map((chapter) => chapter.title) ?? [];
    expect(titles).toContain("3 Dense Passage Retriever (DPR)");
    expect(titles).toContain("References");
    expect(await db.text.count()).toBe(before);
  }, 180_000);

  it("POST /api/groups/{id}/texts/preview - a scanned PDF ends with a 422 that says it has no text layer", async () => {
    const events = await streamPreview(
      form(file("fixtures/pdf/scanned-lorem-ipsum.pdf"), "scan.pdf"),
    );
    expect(events.at(-1)).toMatchObject({ type: "error", status: 422 });
    expect(events.at(-1)?.error?.message).toMatch(/no text layer/);
  }, 180_000);
});
