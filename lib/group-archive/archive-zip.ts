import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { zodFailureMessage } from "@/lib/annotations/zod-failure-message";
import { AppError } from "@/lib/errors/app-error";
import {
  ARCHIVE_FILES,
  ARCHIVE_MAX_COMPRESSION_RATIO,
  ARCHIVE_MAX_ENTRY_BYTES,
  ARCHIVE_MAX_TOTAL_BYTES,
  PART_FILES,
  ZGroupArchive,
  type TArchiveFile,
  type TGroupArchive,
} from "@/lib/group-archive/archive-schema";
import { archiveReferenceProblems } from "@/lib/group-archive/archive-references";

/** The archive as a zip: one pretty-printed JSON file per part, deflated. */
export function packGroupArchive(archive: TGroupArchive): Uint8Array {
  const files: Zippable = {};
  for (const [part, file] of Object.entries(PART_FILES) as [keyof TGroupArchive, TArchiveFile][])
    files[file] = strToU8(`${JSON.stringify(archive[part], null, 2)}\n`);
  return zipSync(files, { level: 6 });
}

function refuse(message: string): never {
  throw new AppError("unprocessable", `Not a valid group archive: ${message}`);
}

/**
 * Reads an uploaded archive: sizes checked from the zip directory before inflating, only the
 * known files, each valid JSON, the whole valid against the schema and consistent (every
 * archive id it names exists). Anything else is a 422 naming the first problem.
 */
export function unpackGroupArchive(bytes: Uint8Array): TGroupArchive {
  const known = new Set<string>(ARCHIVE_FILES);
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.name.endsWith("/")) return false;
        if (!known.has(file.name)) refuse(`unexpected file ${file.name}`);
        if (file.originalSize > ARCHIVE_MAX_ENTRY_BYTES) refuse(`${file.name} is too large`);
        total += file.originalSize;
        if (total > ARCHIVE_MAX_TOTAL_BYTES) refuse("its files are too large together");
        if (
          file.originalSize > 64 * 1024 &&
          file.originalSize / Math.max(1, file.size) > ARCHIVE_MAX_COMPRESSION_RATIO
        )
          refuse(`${file.name} is compressed suspiciously well`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    refuse("the upload is not a readable zip file");
  }
  const parts: Record<string, unknown> = {};
  for (const [part, file] of Object.entries(PART_FILES)) {
    const entry = entries[file];
    if (!entry) refuse(`${file} is missing`);
    try {
      parts[part] = JSON.parse(strFromU8(entry)) as unknown;
    } catch {
      refuse(`${file} is not valid JSON`);
    }
  }
  const parsed = ZGroupArchive.safeParse(parts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const part = issue?.path[0];
    const file =
      typeof part === "string" && part in PART_FILES
        ? PART_FILES[part as keyof TGroupArchive]
        : "archive";
    refuse(`${file}: ${zodFailureMessage(parsed.error)}`);
  }
  const problems = archiveReferenceProblems(parsed.data);
  if (problems.length > 0) refuse(problems[0] ?? "inconsistent");
  return parsed.data;
}
