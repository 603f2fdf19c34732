import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { parseInput } from "@/lib/validation/parse-input";
import { readJson } from "@/lib/http/route";
import { splitChapter } from "@/lib/outline-edits/split-chapter";
import { ZSplitChapterInput } from "@/lib/texts/text-schemas";

type Params = { chapterId: string };

/**
 * POST /api/chapters/{chapterId}/split { paragraphId, title } → { chapter, newChapter,
 * movedParagraphIds } (moderators, owners): the paragraph and those after it form a new chapter.
 */
export const POST = withMember<Params>(
  { permission: "texts.edit", resource: (params) => ({ type: "chapter", id: params.chapterId }) },
  async (request, { params }) => {
    const input = parseInput(ZSplitChapterInput, await readJson(request));
    return NextResponse.json(await splitChapter(params.chapterId, input));
  },
);
