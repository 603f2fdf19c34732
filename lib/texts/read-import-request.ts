import { AppError } from "@/lib/errors/app-error";
import type { TMultipartBody } from "@/lib/parsing/multipart-file";
import { readBytesCapped, readJson } from "@/lib/http/route";
import { parseInput } from "@/lib/validation/parse-input";
import { MAX_INPUT_BYTES } from "@/lib/texts/import/limits";
import type { TextFileInput } from "@/lib/texts/import/types";
import { fetchImportUrl, fetchUrlOptionsFromEnv } from "@/lib/texts/import/fetch-url";
import { ZPasteImportInput, ZUrlImportInput } from "@/lib/texts/text-schemas";

export type TImportSource =
  | { kind: "file"; file: TextFileInput }
  | { kind: "paste"; title?: string; text: string }
  /** A multipart body not yet taken apart: that happens on the parse worker (outline-from-source.ts). */
  | ({ kind: "multipart" } & TMultipartBody);

/** Room for the multipart boundaries and headers around a file of the largest allowed size. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
export const MAX_IMPORT_BODY_BYTES = MAX_INPUT_BYTES + MULTIPART_OVERHEAD_BYTES;

const TOO_LARGE = `This file is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MB.`;

export async function readBodyCapped(request: Request, maxBytes: number): Promise<Buffer> {
  return readBytesCapped(request, maxBytes, TOO_LARGE);
}

/**
 * The import body: multipart/form-data with a `file` field (.txt, .md, .html, .epub, .pdf), or JSON
 * `{ title?, text }` for pasted text, or JSON `{ url }` for a public page or file the server
 * fetches (lib/texts/import/fetch-url.ts). Size is enforced while reading; a multipart body is taken
 * apart later, on the parse worker.
 */
export async function readImportRequest(request: Request): Promise<TImportSource> {
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.startsWith("application/json")) {
    const json: unknown = await readJson(request, MAX_IMPORT_BODY_BYTES);
    if (json !== null && typeof json === "object" && "url" in json) {
      // Fetched here, on the request's thread: the parse worker only ever sees bytes.
      const { url } = parseInput(ZUrlImportInput, json);
      const { url: _finalUrl, ...file } = await fetchImportUrl(url, fetchUrlOptionsFromEnv());
      return { kind: "file", file };
    }
    const input = parseInput(ZPasteImportInput, json);
    return { kind: "paste", title: input.title, text: input.text };
  }
  if (!contentType.startsWith("multipart/form-data")) {
    throw new AppError(
      "unsupported_media_type",
      'Upload the file as multipart/form-data (field "file") or send pasted text as JSON.',
    );
  }
  const body = await readBodyCapped(request, MAX_IMPORT_BODY_BYTES);
  return { kind: "multipart", contentType, body: ownedBytes(body) };
}

/**
 * A view owning its whole buffer, so the parse pool can hand the buffer to the worker instead
 * of copying it. Buffer.concat hands a body of more than a few KB its own buffer, which is used
 * as it is (a second copy of a 10 MB upload on the event loop showed in its profile); a small
 * one may be a slice of Node's shared pool and is copied.
 */
function ownedBytes(body: Buffer): Uint8Array<ArrayBuffer> {
  if (
    body.byteOffset === 0 &&
    body.byteLength === body.buffer.byteLength &&
    body.buffer instanceof ArrayBuffer
  )
    return new Uint8Array(body.buffer);
  const owned = new Uint8Array(body.byteLength);
  owned.set(body);
  return owned;
}
