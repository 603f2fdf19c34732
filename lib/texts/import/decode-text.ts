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
    return decodeWindows1252(bytes);
  }
}

// Node's TextDecoder treats "windows-1252" as Latin-1, so 0x80–0x9F (curly quotes, dashes) are mapped here.
const CP1252_HIGH =
  "\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd" +
  "\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += Array.from(chunk, (byte) =>
      byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte),
    ).join("");
  }
  return out;
}
