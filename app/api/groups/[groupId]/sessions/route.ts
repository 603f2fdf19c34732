import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { readJson } from "@/lib/http/route";
import { createSession } from "@/lib/sessions/create-session";
import { listSessions } from "@/lib/sessions/list-sessions";

type Params = { groupId: string };
const group = (params: Params) => ({ type: "group" as const, id: params.groupId });

/**
 * GET /api/groups/{groupId}/sessions?range=upcoming|past|all&from=&to=
 * → { sessions: [{ id, title, startsAt, endsAt, chapters: [{ id, title, textId, ... }], ... }] }
 */
export const GET = withMember<Params>(
  { permission: "sessions.view", resource: group },
  async (request, { access }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return NextResponse.json({ sessions: await listSessions(access, query) });
  },
);

/** POST /api/groups/{groupId}/sessions { title, startsAt, endsAt, ... } → 201 { session } */
export const POST = withMember<Params>(
  { permission: "sessions.manage", resource: group },
  async (request, { access }) =>
    NextResponse.json(
      { session: await createSession(access, await readJson(request)) },
      { status: 201 },
    ),
);
