import { AppError } from "@/lib/errors/app-error";

/**
 * Bytes → string. UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such;
 * bytes that are not valid UTF-8 are read as Windows-1252, the usual legacy encoding of
 * texts saved on Windows. NUL bytes mean a binary file, which is refused.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    throw new AppError(
      "unsupported_media_type",
      "This file is not text (it contains binary data).",
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}
