import { AppError } from "@/lib/errors/app-error";
import { detectFormat, parsePastedText, parseTextFile } from "@/lib/texts/import/parse-text-file";
import type { OnImportProgress, Outline, TextFileInput } from "@/lib/texts/import/types";
import { fileFromMultipart, type TMultipartBody } from "@/lib/parsing/multipart-file";
import { MAX_INPUT_BYTES } from "@/lib/texts/import/limits";
import type { TImportSource } from "@/lib/texts/read-import-request";

/** The uploaded file of a multipart text-import body (on the parse worker). */
function fileFromUpload(upload: TMultipartBody): Promise<TextFileInput> {
  return fileFromMultipart(upload, {
    maxFileBytes: MAX_INPUT_BYTES,
    tooLarge: `This file is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MB.`,
    missing: 'Choose a file to import (form field "file").',
    fields: true,
  });
}

/** Runs the import pipeline on an upload or a paste; the same code the outline command runs. */
export async function outlineFromSource(
  source: TImportSource,
  onProgress?: OnImportProgress,
): Promise<{ outline: Outline; sourceFormat: string; sourceFileName: string | null }> {
  if (source.kind === "paste") {
    if (source.text.trim() === "") {
      throw new AppError("unprocessable", "The pasted text is empty.", {
        text: "Paste the text to import",
      });
    }
    onProgress?.({ done: 0, total: 1, stage: "parse" });
    const outline = parsePastedText(source.text, source.title);
    onProgress?.({ done: 1, total: 1, stage: "parse" });
    return { outline, sourceFormat: "paste", sourceFileName: null };
  }
  const file = source.kind === "multipart" ? await fileFromUpload(source) : source.file;
  const sourceFormat = file.bytes.length > 0 ? detectFormat(file) : "txt";
  const outline = await parseTextFile(file, onProgress);
  const sourceFileName = file.fileName.split(/[\\/]/).pop() ?? file.fileName;
  return { outline, sourceFormat, sourceFileName };
}
