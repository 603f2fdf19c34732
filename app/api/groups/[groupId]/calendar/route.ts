import { NextResponse } from "next/server";
import { withMember } from "@/lib/http/with-member";
import { calendarFeedPath, getCalendarToken } from "@/lib/sessions/calendar/calendar-token";
import { publicBaseUrl } from "@/lib/http/public-base-url";

type Params = { groupId: string };

/** GET /api/groups/{groupId}/calendar → { url }: the signed-in member's secret ICS feed of the group */
export const GET = withMember<Params>(
  { permission: "sessions.view", resource: (params) => ({ type: "group", id: params.groupId }) },
  async (request, { access }) => {
    const token = await getCalendarToken(access.userId, access.groupId);
    return NextResponse.json({ url: `${publicBaseUrl(request)}${calendarFeedPath(token)}` });
  },
);
