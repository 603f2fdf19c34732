import { NextResponse } from "next/server";
import { withMember } from "@/lib/access/with-member";
import { getText } from "@/lib/texts/get-text";

type Params = { textId: string };

/** GET /api/texts/{textId} → { text: { id, title, author, …, chapters: [{ id, title, index, … }] } } */
export const GET = withMember<Params>(
  { permission: "texts.view", resource: (params) => ({ type: "text", id: params.textId }) },
  async (_request, { params }) => NextResponse.json({ text: await getText(params.textId) }),
);
