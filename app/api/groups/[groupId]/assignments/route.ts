import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { createAssignments } from "@/lib/assignments/create-assignments";
import { listAssignments } from "@/lib/assignments/list-assignments";
import { readJson } from "@/lib/http/route";

type Params = { groupId: string };
const group = (params: Params) => ({ type: "group" as const, id: params.groupId });

/** GET /api/groups/{groupId}/assignments → { assignments: [{ id, chapter, session, dueAt, forEveryone, members }] } */
export const GET = withMember<Params>(
  { permission: "assignments.view", resource: group },
  async (_request, { access }) => NextResponse.json({ assignments: await listAssignments(access) }),
);

/** POST /api/groups/{groupId}/assignments { chapterIds, sessionId? | dueAt?, memberIds? } → 201 { assignments } */
export const POST = withMember<Params>(
  { permission: "assignments.manage", resource: group },
  async (request, { access }) =>
    NextResponse.json(
      { assignments: await createAssignments(access, await readJson(request)) },
      { status: 201 },
    ),
);
