import { createHash } from "node:crypto";
import { calendarFeedForToken } from "@/lib/sessions/calendar/calendar-feed-for-token";
import { publicBaseUrl } from "@/lib/http/public-base-url";
import { AppError } from "@/lib/errors/app-error";
import { withErrors } from "@/lib/http/route";

type Params = { token: string };

/** RFC 9110 §13.2.2: If-None-Match decides when present; HTTP dates have whole seconds. */
function notModified(request: Request, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null) return ifNoneMatch.split(/\s*,\s*/).includes(etag);
  const since = Date.parse(request.headers.get("if-modified-since") ?? "");
  if (!lastModified || Number.isNaN(since)) return false;
  return Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/**
 * GET /api/calendar/{token}.ics → the ICS feed (text/calendar), no sign-in: the secret token is
 * the credential. Unknown or regenerated tokens, and tokens of members who left, are 404.
 * Carries an ETag and a Last-Modified (the latest session change); If-None-Match, or without
 * it If-Modified-Since, answers 304 when nothing changed.
 */
export const GET = withErrors<Params>(async (request, context) => {
  const { token } = await context.params;
  const feed = await calendarFeedForToken(token, publicBaseUrl(request));
  if (!feed) throw new AppError("not_found", "Calendar not found");
  const etag = `"${createHash("sha256").update(feed.ics).digest("base64url").slice(0, 27)}"`;
  const headers = {
    "content-type": "text/calendar; charset=utf-8",
    "content-disposition": 'inline; filename="marginalia.ics"',
    "cache-control": "private, max-age=300",
    etag,
    ...(feed.lastModified ? { "last-modified": feed.lastModified.toUTCString() } : {}),
  };
  if (notModified(request, etag, feed.lastModified))
    return new Response(null, { status: 304, headers });
  return new Response(feed.ics, { headers });
});
