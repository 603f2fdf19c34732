import { NextResponse } from "next/server";
import { createGroup } from "@/lib/groups/create-group";
import { listMyGroups } from "@/lib/groups/list-my-groups";
import { readJson, withUser } from "@/lib/http/route";

/** GET /api/groups → { groups: [{ id, name, role, ... }] } (the signed-in user's groups) */
export const GET = withUser(async (_request, { user }) =>
  NextResponse.json({ groups: await listMyGroups(user.id) }),
);

/** POST /api/groups { name, description?, coverColor?, coverEmoji?, timeZone? } → 201 { group } */
export const POST = withUser(async (request, { user }) =>
  NextResponse.json(
    { group: await createGroup(user.id, await readJson(request)) },
    { status: 201 },
  ),
);
