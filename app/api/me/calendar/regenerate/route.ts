import { NextResponse } from "next/server";
import { calendarFeedPath, regenerateCalendarToken } from "@/lib/sessions/calendar/calendar-token";
import { publicBaseUrl } from "@/lib/http/public-base-url";
import { withUser } from "@/lib/http/route";

/** POST /api/me/calendar/regenerate → { url } (the old personal URL answers 404 from now on) */
export const POST = withUser(async (request, { user }) => {
  const token = await regenerateCalendarToken(user.id, null);
  return NextResponse.json({ url: `${publicBaseUrl(request)}${calendarFeedPath(token)}` });
});
