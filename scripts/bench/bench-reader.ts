/**
 * Reader and import benchmarks, as ratios against baselines measured in the same run:
 * - importing a 2 MB plain text (upload, clean-up, outline, store with search vectors) next to
 *   the preview of the same file (upload and clean-up only);
 * - the outline of a real two-column PDF paper next to pdfjs reading its text runs alone
 *   (no HTTP: the same code the parse worker runs), also as time per MB;
 * - serving a chapter page (signed in, access checks, cached chapter, server render) next to a
 *   static file of the same size served by the same server.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ms, ratio, type BenchEnvironment } from "@/scripts/bench/harness";
import { seedDemoTexts } from "@/seeds/demo-texts";
import { seedGroup, seedUser } from "@/seeds/factories";
import { db } from "@/lib/db/prisma";
import { HttpClient } from "@/tests/helpers/http-client";
import { parseTextFile } from "@/lib/texts/import/parse-text-file";
import { readPdf } from "@/lib/texts/import/pdf/read-pdf";

type Row = { name: string; value: string; baseline: string; ratio: string };

const TWO_MB = 2 * 1024 * 1024;
const SEED_FILES = [
  "000_04b84391e77ad78b.txt",
  "001_196100432a12d684.txt",
  "002_45fa8428baf552bc.txt",
  "003_0107c59ff2c9d671.txt",
  "004_aa84c45c7378477e.txt",
];

/** The seeds one after another until 2 MB: a long PDF-extracted book with many chapters. */
function twoMegabyteText(): Uint8Array {
  const seeds = SEED_FILES.map((file) => readFileSync(path.join("seeds", file), "utf8"));
  let text = "";
  for (let round = 0; Buffer.byteLength(text) < TWO_MB; round += 1) {
    text += `\n\n${seeds[round % seeds.length] ?? ""}`;
  }
  return new Uint8Array(Buffer.from(text).subarray(0, TWO_MB));
}

async function timedUpload(client: HttpClient, url: string, bytes: Uint8Array): Promise<number> {
  const form = new FormData();
  form.set(
    "file",
    new Blob([new Uint8Array(bytes)], { type: "text/plain" }),
    "bench-two-megabytes.txt",
  );
  const started = performance.now();
  const response = await client.request(url, { method: "POST", body: form });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

/** Requests per second with `concurrency` requests in flight for `seconds`. */
async function throughput(
  url: string,
  cookie: string,
  { concurrency = 16, seconds = 8 } = {},
): Promise<{ rps: number; bytes: number }> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let bytes = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const response = await fetch(url, { headers: { cookie } });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      bytes = body.byteLength;
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rps: done / ((performance.now() - started) / 1000), bytes };
}

const BENCH_PDF = "tests/corpus/pdf-en-arxiv-dense-passage-retrieval/source.pdf";

/** Median of three runs of an async task, in ms. */
async function medianMs(task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1] ?? 0;
}

/** PDF outline (columns, furniture, paragraphs, headings) against pdfjs' own text extraction. */
async function benchPdf(log: (line: string) => void): Promise<Row> {
  log("outlining a PDF (and reading its text with pdfjs alone, the baseline)…");
  const bytes = new Uint8Array(readFileSync(BENCH_PDF));
  const limits = { maxPages: 2_000, deadlineMs: 600_000 };
  const pages = (await readPdf(bytes, limits)).pages.length; // warm-up: module load, JIT
  const extraction = await medianMs(() => readPdf(bytes, limits));
  const outline = await medianMs(() => parseTextFile({ fileName: "paper.pdf", bytes }));
  const megabytes = bytes.length / (1024 * 1024);
  return {
    name: `outline of a ${pages}-page two-column PDF (${Math.round(bytes.length / 1024)} KB; ${ms(outline / megabytes)} per MB, ${ms(outline / pages)} per page)`,
    value: ms(outline),
    baseline: `${ms(extraction)} (pdfjs text extraction of the same file)`,
    ratio: ratio(outline, extraction),
  };
}

export async function benchReader(
  env: BenchEnvironment,
  log: (line: string) => void,
): Promise<Row[]> {
  const server = await env.startServer();
  const owner = await seedUser({ email: "bench-reader@example.test", name: "Bench Reader" });
  const group = await seedGroup(owner, { name: "Bench library" });
  const client = new HttpClient(server.url);
  if (!(await client.signIn(owner.email, owner.password)).ok)
    throw new Error("bench sign-in failed");
  const rows: Row[] = [await benchPdf(log)];

  log("importing a 2 MB text (and previewing it, the baseline)…");
  const bytes = twoMegabyteText();
  const importsUrl = `/api/groups/${group.id}/texts`;
  await timedUpload(client, `${importsUrl}/preview`, bytes); // warm-up: route code, JIT
  const preview = await timedUpload(client, `${importsUrl}/preview`, bytes);
  const imported = await timedUpload(client, importsUrl, bytes);
  const paragraphs = await db.paragraph.count({
    where: { chapter: { text: { groupId: group.id } } },
  });
  rows.push({
    name: `import a 2 MB text (${paragraphs.toLocaleString("en")} paragraphs stored and indexed)`,
    value: ms(imported),
    baseline: `${ms(preview)} (preview of the same file: upload and clean-up only)`,
    ratio: ratio(imported, preview),
  });

  log("serving a chapter page…");
  await seedDemoTexts({ groupId: group.id, importedById: owner.id, log: () => undefined });
  const chapter = await db.chapter.findFirstOrThrow({
    where: { text: { groupId: group.id, sourceFileName: "002_45fa8428baf552bc.txt" } },
    orderBy: { wordCount: "desc" },
    select: { id: true, textId: true, title: true, wordCount: true },
  });
  const pagePath = `/groups/${group.id}/texts/${chapter.textId}/chapters/${chapter.id}`;
  const cookie = client.cookieHeader();
  const html = Buffer.from(
    await (await fetch(`${server.url}${pagePath}`, { headers: { cookie } })).arrayBuffer(),
  );
  // A file of the same size among the build's static files. Next lists them when it starts, so
  // a second server (same build, same database) serves both the page and the file.
  const staticName = `bench-reader-${process.pid}.html`;
  const staticPath = path.join(".next", "static", staticName);
  writeFileSync(staticPath, html);
  try {
    const measured = await env.startServer();
    const pageUrl = `${measured.url}${pagePath}`;
    const staticUrl = `${measured.url}/_next/static/${staticName}`;
    await throughput(staticUrl, cookie, { seconds: 2 });
    await throughput(pageUrl, cookie, { seconds: 2 });
    const staticRun = await throughput(staticUrl, cookie);
    const pageRun = await throughput(pageUrl, cookie);
    rows.push({
      name: `chapter page, ${chapter.wordCount.toLocaleString("en")} words (${Math.round(pageRun.bytes / 1024)} KB of HTML), requests/s at 16 in flight`,
      value: `${pageRun.rps.toFixed(0)} req/s`,
      baseline: `${staticRun.rps.toFixed(0)} req/s (static file of ${Math.round(staticRun.bytes / 1024)} KB, same server)`,
      ratio: ratio(pageRun.rps, staticRun.rps),
    });
  } finally {
    rmSync(staticPath, { force: true });
  }
  return rows;
}
