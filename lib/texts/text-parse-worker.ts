/**
 * Runs inside a piscina worker thread (loaded through tsx; see lib/parsing/parse-pool.ts). Every
 * parser of an uploaded or pasted text runs here, so a slow or hostile file costs this thread,
 * never the event loop that serves everyone else; the pool kills the thread past its time or
 * memory budget.
 */
import { parseWorkerTask } from "@/lib/parsing/parse-worker-task";
import { outlineFromSource } from "@/lib/texts/outline-from-source";
import { countWords } from "@/lib/texts/outline-json";
import type {
  TOutlineParseResult,
  TPreviewParseResult,
  TTextParseJob,
} from "@/lib/texts/parse-import-source";
import { importPreviewJson } from "@/lib/texts/preview-body";

export default parseWorkerTask<TTextParseJob>(
  async (job, report): Promise<TOutlineParseResult | TPreviewParseResult> => {
    const parsed = await outlineFromSource(job.source, report);
    if (job.kind === "preview") return { json: importPreviewJson(parsed) };
    const chapterWordCounts = parsed.outline.chapters.map((chapter) =>
      chapter.blocks.reduce((sum, block) => sum + countWords(block.text), 0),
    );
    return { ...parsed, chapterWordCounts };
  },
);
