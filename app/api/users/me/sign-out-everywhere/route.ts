import { NextResponse } from "next/server";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { revokeAllSessions } from "@/lib/auth/session-version";
import { withUser } from "@/lib/http/route";

/** POST /api/users/me/sign-out-everywhere → { ok: true }: every session ends, this one too. */
export const POST = withUser(async (_request, { user }) => {
  await revokeAllSessions(user.id);
  const response = NextResponse.json({ ok: true });
  clearSessionCookie(response);
  return response;
});
