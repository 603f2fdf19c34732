import { NextResponse } from "next/server";
import { moderateComment } from "@/lib/annotations/flags/moderate-comment";
import { readJson, withUser } from "@/lib/http/route";

type Params = { messageId: string };

/**
 * POST /api/comments/{messageId}/moderation { action: "hide" | "unhide" | "remove" | "dismiss" }
 * → { commentId, action, hidden, deleted, resolvedFlags } (owners, moderators)
 */
export const POST = withUser<Params>(async (request, { params, user }) =>
  NextResponse.json(await moderateComment(user.id, params.messageId, await readJson(request))),
);
