import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { parseInput } from "@/lib/validation/parse-input";
import { searchLibrary } from "@/lib/texts/search-library";
import { ZSearchQuery } from "@/lib/texts/text-schemas";

type Params = { groupId: string };

/** GET /api/groups/{groupId}/search?q=&textId=&limit= → { query, hits } (members) */
export const GET = withMember<Params>(
  { permission: "texts.view", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (request, { access }) => {
    const params = new URL(request.url).searchParams;
    const query = parseInput(ZSearchQuery, {
      q: params.get("q") ?? undefined,
      textId: params.get("textId") || undefined,
      limit: params.get("limit") ?? undefined,
    });
    return NextResponse.json(await searchLibrary(access, query));
  },
);
