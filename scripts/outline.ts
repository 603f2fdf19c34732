/**
 * npm run outline -- <file>
 * Prints the outline of a text file as JSON on stdout (see docs/outline.md); progress and
 * errors go to stderr, and bad input exits with status 1.
 */
import { readFile, stat } from "node:fs/promises";
import { isAppError } from "@/lib/errors/app-error";
import { MAX_INPUT_BYTES } from "@/lib/texts/import/limits";
import { parseTextFile } from "@/lib/texts/import/parse-text-file";

async function main(): Promise<number> {
  const file = process.argv.slice(2).find((arg) => arg !== "--");
  if (!file) {
    process.stderr.write("Usage: npm run outline -- <file.txt|.md|.html|.epub>\n");
    return 1;
  }
  let info;
  try {
    info = await stat(file);
  } catch {
    process.stderr.write(`outline: cannot read "${file}": no such file.\n`);
    return 1;
  }
  if (!info.isFile()) {
    process.stderr.write(`outline: "${file}" is not a file.\n`);
    return 1;
  }
  if (info.size > MAX_INPUT_BYTES) {
    process.stderr.write(
      `outline: "${file}" is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MB.\n`,
    );
    return 1;
  }
  const bytes = new Uint8Array(await readFile(file));
  try {
    const outline = await parseTextFile({ fileName: file, bytes }, (p) => {
      process.stderr.write(`outline: ${p.stage} ${p.done}/${p.total}\n`);
    });
    const output = {
      title: outline.title,
      author: outline.author,
      chapters: outline.chapters.map((chapter) => ({
        title: chapter.title,
        paragraphs: chapter.blocks.map((block) => block.text),
      })),
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (isAppError(error)) {
      process.stderr.write(`outline: ${error.message} (${error.code})\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
