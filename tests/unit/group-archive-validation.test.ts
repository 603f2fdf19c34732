import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import type { TGroupArchive } from "@/lib/group-archive/archive-schema";
import { packGroupArchive, unpackGroupArchive } from "@/lib/group-archive/archive-zip";
import { readArchiveUpload } from "@/lib/group-archive/read-archive-upload";

const at = "2026-01-05T18:00:00.000Z";

function sample(): TGroupArchive {
  return {
    manifest: {
      format: "marginalia-group-archive",
      version: 1,
      exportedAt: at,
      exportedBy: "u1",
      group: { archiveId: "g1", name: "Readers" },
      counts: { texts: 1 },
    },
    group: {
      archiveId: "g1",
      name: "Readers",
      description: "",
      coverColor: "#7c5c3b",
      coverEmoji: "📚",
      timeZone: "UTC",
      createdAt: at,
    },
    members: [
      { archiveId: "u1", name: "Olive", email: "olive@example.test", role: "OWNER", joinedAt: at },
      { archiveId: "u2", name: "Rosa", email: "rosa@example.test", role: null, joinedAt: null },
    ],
    texts: [
      {
        archiveId: "t1",
        title: "A text",
        author: null,
        year: null,
        language: "en",
        searchConfig: "english",
        sourceFormat: "txt",
        sourceFileName: null,
        wordCount: 3,
        importedBy: "u1",
        createdAt: at,
        chapters: [
          {
            archiveId: "c1",
            index: 0,
            title: "One",
            wordCount: 3,
            paragraphs: [
              {
                archiveId: "p1",
                index: 0,
                kind: "paragraph",
                text: "Three words here",
                footnoteId: null,
                footnoteRefs: [],
              },
            ],
          },
        ],
      },
    ],
    comments: [
      {
        archiveId: "th1",
        chapter: "c1",
        anchor: {
          chapterId: "c1",
          paragraphId: "p1",
          start: 0,
          end: 5,
          exact: "Three",
          prefix: "",
          suffix: " words",
        },
        author: "u2",
        createdAt: at,
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
        messages: [
          {
            archiveId: "m1",
            author: "u2",
            body: "Why three?",
            createdAt: at,
            editedAt: null,
            deleted: false,
            deletedBy: null,
            deletedAt: null,
            reactions: { "👍": ["u1"] },
          },
        ],
      },
    ],
    sessions: [],
    assignments: [],
    progress: [],
    notes: [],
  };
}

function refusal(bytes: Uint8Array): string {
  try {
    unpackGroupArchive(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    return (error as AppError).message;
  }
  throw new Error("the archive was accepted");
}

describe("group archive validation", () => {
  it("reads back what it packed", () => {
    expect(unpackGroupArchive(packGroupArchive(sample()))).toEqual(sample());
  });

  it("refuses what is not a zip, extra files and missing files", () => {
    expect(refusal(strToU8("plain text"))).toMatch(/not a readable zip/);
    const files = { "manifest.json": strToU8("{}") };
    expect(refusal(zipSync({ ...files, "../../etc/passwd": strToU8("x") }))).toMatch(
      /unexpected file/,
    );
    expect(refusal(zipSync(files))).toMatch(/group\.json is missing/);
  });

  it("refuses a decompression bomb from the zip directory, before inflating", () => {
    const archive = sample();
    const packed = packGroupArchive(archive);
    const bomb = zipSync({ "texts.json": new Uint8Array(5 * 1024 * 1024) }, { level: 9 });
    expect(packed.byteLength).toBeGreaterThan(0);
    expect(refusal(bomb)).toMatch(/compressed suspiciously well/);
  });

  it("names the file and field of a schema error", () => {
    const archive = sample();
    const bad = { ...archive, progress: [{ member: "u1", chapter: "c1", fraction: 2 }] };
    expect(refusal(packGroupArchive(bad as unknown as TGroupArchive))).toMatch(
      /progress\.json: progress\.0\./,
    );
  });

  it("refuses references to records the archive does not hold, and ids used twice", () => {
    const dangling = sample();
    dangling.comments[0]!.anchor.paragraphId = "p-missing";
    expect(refusal(packGroupArchive(dangling))).toMatch(/names a paragraph not in its chapter/);

    const twice = sample();
    twice.members.push({ ...twice.members[1]!, email: "other@example.test" });
    expect(refusal(packGroupArchive(twice))).toMatch(/archive id u2 is used twice/);

    const foreignNote = sample();
    foreignNote.notes = [{ ...foreignNote.comments[0]!, archiveId: "n1" }];
    foreignNote.notes[0]!.messages = [{ ...foreignNote.notes[0]!.messages[0]!, archiveId: "nm1" }];
    expect(refusal(packGroupArchive(foreignNote))).toMatch(/not the exporting member's/);
  });
});

describe("reading the uploaded archive", () => {
  const bytes = packGroupArchive(sample());

  it("takes the raw body or a form's file field, boundary as the browser wrote it", async () => {
    const raw = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/zip" },
      body: Buffer.from(bytes),
    });
    expect(await readArchiveUpload(raw, 1024 * 1024)).toEqual(bytes);
    // Browsers make mixed-case boundaries, and a boundary is case-sensitive.
    const boundary = "----WebKitFormBoundaryAbCdEf0123";
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\nContent-Type: application/zip\r\n\r\n`,
      ),
      Buffer.from(bytes),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const multipart = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(await readArchiveUpload(multipart, 1024 * 1024)).toEqual(bytes);
  });

  it("refuses an archive over the cap and other media types", async () => {
    const big = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/zip" },
      body: Buffer.from(bytes),
    });
    await expect(readArchiveUpload(big, 10)).rejects.toMatchObject({ status: 413 });
    const json = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await expect(readArchiveUpload(json, 1024)).rejects.toMatchObject({ status: 415 });
  });
});
