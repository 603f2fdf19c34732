import { NextResponse } from "next/server";
import { withMember } from "@/lib/access/with-member";
import { deleteText } from "@/lib/texts/delete-text";
import { getText } from "@/lib/texts/get-text";

type Params = { textId: string };
const text = (params: Params) => ({ type: "text" as const, id: params.textId });

/** GET /api/texts/{textId} → { text: { id, title, author, …, chapters: [{ id, title, index, … }] } } */
export const GET = withMember<Params>(
  { permission: "texts.view", resource: text },
  async (_request, { params }) => NextResponse.json({ text: await getText(params.textId) }),
);

/** DELETE /api/texts/{textId} → 204: the text, its chapters and all that hangs off them (moderators, owners) */
export const DELETE = withMember<Params>(
  { permission: "texts.edit", resource: text },
  async (_request, { params, access }) => {
    await deleteText(access, params.textId);
    return new NextResponse(null, { status: 204 });
  },
);
