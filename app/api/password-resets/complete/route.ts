import { NextResponse } from "next/server";
import { completePasswordReset } from "@/lib/auth/password-reset";
import { readJson, withErrors } from "@/lib/http/route";

/**
 * POST /api/password-resets/complete { token, password } → { email }: sets the password,
 * spends the link and ends every session of the account.
 */
export const POST = withErrors(async (request) =>
  NextResponse.json(await completePasswordReset(await readJson(request))),
);
