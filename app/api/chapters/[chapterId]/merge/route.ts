import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { parseInput } from "@/lib/validation/parse-input";
import { readJson } from "@/lib/http/route";
import { mergeChapters } from "@/lib/outline-edits/merge-chapters";
import { ZMergeChapterInput } from "@/lib/texts/text-schemas";

type Params = { chapterId: string };

async function optionalJson(request: Request): Promise<unknown> {
  const hasBody = Number(request.headers.get("content-length") ?? "0") > 0;
  return hasBody ? readJson(request) : {};
}

/**
 * POST /api/chapters/{chapterId}/merge { with?: "next" | "previous" } → { chapter,
 * removedChapterId, movedParagraphIds } (moderators, owners)
 */
export const POST = withMember<Params>(
  { permission: "texts.edit", resource: (params) => ({ type: "chapter", id: params.chapterId }) },
  async (request, { params }) => {
    const input = parseInput(ZMergeChapterInput, await optionalJson(request));
    return NextResponse.json(await mergeChapters(params.chapterId, input));
  },
);
