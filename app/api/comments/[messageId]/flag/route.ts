import { NextResponse } from "next/server";
import { flagComment } from "@/lib/annotations/flags/flag-comment";
import { readJson, withUser } from "@/lib/http/route";

type Params = { messageId: string };

/**
 * POST /api/comments/{messageId}/flag { reason? } → 201 { flag } (members of the comment's
 * group; 409 when you already flagged it or it is removed or hidden)
 */
export const POST = withUser<Params>(async (request, { params, user }) => {
  // The reason is optional: a bare POST flags without one.
  const isJson = (request.headers.get("content-type") ?? "").includes("application/json");
  const input = isJson ? await readJson(request) : {};
  const flag = await flagComment(user.id, params.messageId, input);
  return NextResponse.json({ flag }, { status: 201 });
});
