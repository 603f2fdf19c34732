import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/route";
import { listNotifications } from "@/lib/notifications/list-notifications";

/** GET /api/notifications → { notifications: [{ id, kind, payload, readAt, createdAt }], unread } */
export const GET = withUser(async (request, { user }) => {
  const limit = Number(new URL(request.url).searchParams.get("limit") ?? "50");
  return NextResponse.json(
    await listNotifications(user.id, { limit: Number.isFinite(limit) ? limit : 50 }),
  );
});
