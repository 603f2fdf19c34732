import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/route";
import { listMyAgenda } from "@/lib/sessions/list-my-agenda";

/** GET /api/me/agenda → { sessions: [session & { group }] } upcoming across the member's groups */
export const GET = withUser(async (_request, { user }) =>
  NextResponse.json({ sessions: await listMyAgenda(user.id) }),
);
