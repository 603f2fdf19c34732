import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { parseInput } from "@/lib/validation/parse-input";
import { readJson } from "@/lib/http/route";
import { getChapter } from "@/lib/texts/get-chapter";
import { renameChapter } from "@/lib/outline-edits/rename-chapter";
import { ZRenameChapterInput } from "@/lib/texts/text-schemas";

type Params = { chapterId: string };
const chapter = (params: Params) => ({ type: "chapter" as const, id: params.chapterId });

/** GET /api/chapters/{chapterId} → { chapter: { id, title, index, textId, …, paragraphs, url } } */
export const GET = withMember<Params>(
  { permission: "texts.view", resource: chapter },
  async (_request, { params }) =>
    NextResponse.json({ chapter: await getChapter(params.chapterId) }),
);

/** PATCH /api/chapters/{chapterId} { title } → { chapter } (moderators, owners) */
export const PATCH = withMember<Params>(
  { permission: "texts.edit", resource: chapter },
  async (request, { params }) => {
    const input = parseInput(ZRenameChapterInput, await readJson(request));
    return NextResponse.json({ chapter: await renameChapter(params.chapterId, input) });
  },
);
