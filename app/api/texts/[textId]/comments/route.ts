import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { listComments } from "@/lib/annotations/list-comments";

type Params = { textId: string };

/**
 * GET /api/texts/{textId}/comments?chapterId=&authorId=&status=open|resolved&mine=1
 * → { threads: [{ threadId, chapterId, chapterTitle, paragraphId, quote, resolved, createdAt,
 *   url, messages: [{ id, authorId, authorName, html, createdAt, editedAt, deleted, hidden }] }],
 *   truncated } (members)
 */
export const GET = withMember<Params>(
  { permission: "comments.read", resource: (params) => ({ type: "text", id: params.textId }) },
  async (request, { params, access }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return NextResponse.json(await listComments(access, params.textId, query));
  },
);
