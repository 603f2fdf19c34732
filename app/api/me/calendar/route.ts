import { NextResponse } from "next/server";
import { calendarFeedPath, getCalendarToken } from "@/lib/sessions/calendar/calendar-token";
import { publicBaseUrl } from "@/lib/http/public-base-url";
import { withUser } from "@/lib/http/route";

/** GET /api/me/calendar → { url }: the signed-in member's personal feed across all their groups */
export const GET = withUser(async (request, { user }) => {
  const token = await getCalendarToken(user.id, null);
  return NextResponse.json({ url: `${publicBaseUrl(request)}${calendarFeedPath(token)}` });
});
