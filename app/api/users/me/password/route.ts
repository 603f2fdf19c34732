import { NextResponse } from "next/server";
import { changePassword } from "@/lib/auth/change-password";
import { reissueSessionCookie } from "@/lib/auth/session-cookie";
import { readJson, withUser } from "@/lib/http/route";

/**
 * POST /api/users/me/password { currentPassword, newPassword } → { ok: true }. Every other
 * session ends; this one stays signed in through a reissued cookie.
 */
export const POST = withUser(async (request, { user }) => {
  const updated = await changePassword(user.id, await readJson(request));
  const response = NextResponse.json({ ok: true });
  await reissueSessionCookie(response, updated);
  return response;
});
