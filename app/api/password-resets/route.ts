import { NextResponse } from "next/server";
import { RESET_EMAIL_SENT, requestEmailReset } from "@/lib/auth/password-reset";
import { clientIpFrom, readJson, withErrors } from "@/lib/http/route";

/**
 * POST /api/password-resets { email } → 202 { message }: the same answer whether or not the
 * address has an account; 409 when the server has no SMTP settings.
 */
export const POST = withErrors(async (request) => {
  await requestEmailReset(await readJson(request), { ip: clientIpFrom(request) });
  return NextResponse.json({ message: RESET_EMAIL_SENT }, { status: 202 });
});
