import { NextResponse } from "next/server";
import { readJson, withUser } from "@/lib/http/route";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";

/** POST /api/notifications/read { ids } | { all: true } → { updated } */
export const POST = withUser(async (request, { user }) =>
  NextResponse.json(await markNotificationsRead(user.id, await readJson(request))),
);
