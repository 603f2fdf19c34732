import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { searchComments } from "@/lib/annotations/search-comments";

type Params = { groupId: string };

/** GET /api/groups/{groupId}/search/comments?q=&textId=&limit= → { results } (members) */
export const GET = withMember<Params>(
  { permission: "comments.read", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (request, { access }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return NextResponse.json({ results: await searchComments(access, query) });
  },
);
