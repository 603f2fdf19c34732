import { createHash } from "node:crypto";
import { calendarFeedForToken } from "@/lib/calendar/calendar-feed-for-token";
import { publicBaseUrl } from "@/lib/http/public-base-url";
import { withErrors } from "@/lib/http/route";

type Params = { token: string };

/**
 * GET /api/calendar/{token}.ics → the ICS feed (text/calendar), no sign-in: the secret token is
 * the credential. Unknown or regenerated tokens, and tokens of members who left, are 404.
 */
export const GET = withErrors<Params>(async (request, context) => {
  const { token } = await context.params;
  const feed = await calendarFeedForToken(token, publicBaseUrl(request));
  if (!feed) return new Response("Calendar not found\n", { status: 404 });
  const etag = `"${createHash("sha256").update(feed.ics).digest("base64url").slice(0, 27)}"`;
  const headers = {
    "content-type": "text/calendar; charset=utf-8",
    "content-disposition": 'inline; filename="marginalia.ics"',
    "cache-control": "private, max-age=300",
    etag,
  };
  if (request.headers.get("if-none-match") === etag)
    return new Response(null, { status: 304, headers });
  return new Response(feed.ics, { headers });
});
