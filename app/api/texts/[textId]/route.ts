import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { parseInput } from "@/lib/validation/parse-input";
import { readJson } from "@/lib/http/route";
import { deleteText } from "@/lib/texts/delete-text";
import { getText } from "@/lib/texts/get-text";
import { ZUpdateTextDetailsInput } from "@/lib/texts/text-schemas";
import { updateTextDetails } from "@/lib/texts/update-text-details";

type Params = { textId: string };
const text = (params: Params) => ({ type: "text" as const, id: params.textId });

/** GET /api/texts/{textId} → { text: { id, title, author, …, chapters: [{ id, title, index, … }] } } */
export const GET = withMember<Params>(
  { permission: "texts.view", resource: text },
  async (_request, { params }) => NextResponse.json({ text: await getText(params.textId) }),
);

/** PATCH /api/texts/{textId} { title?, author?, language? } → { text: { id, title, author, language } } (moderators, owners) */
export const PATCH = withMember<Params>(
  { permission: "texts.edit", resource: text },
  async (request, { params }) => {
    const input = parseInput(ZUpdateTextDetailsInput, await readJson(request));
    return NextResponse.json({ text: await updateTextDetails(params.textId, input) });
  },
);

/** DELETE /api/texts/{textId} → 204: the text, its chapters and all that hangs off them (moderators, owners) */
export const DELETE = withMember<Params>(
  { permission: "texts.edit", resource: text },
  async (_request, { params, access }) => {
    await deleteText(access, params.textId);
    return new NextResponse(null, { status: 204 });
  },
);
