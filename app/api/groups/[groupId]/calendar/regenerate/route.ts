import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { calendarFeedPath, regenerateCalendarToken } from "@/lib/sessions/calendar/calendar-token";
import { publicBaseUrl } from "@/lib/http/public-base-url";

type Params = { groupId: string };

/** POST /api/groups/{groupId}/calendar/regenerate → { url } (the old URL answers 404 from now on) */
export const POST = withMember<Params>(
  { permission: "sessions.view", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (request, { access }) => {
    const token = await regenerateCalendarToken(access.userId, access.groupId);
    return NextResponse.json({ url: `${publicBaseUrl(request)}${calendarFeedPath(token)}` });
  },
);
