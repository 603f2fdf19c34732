import { NextResponse } from "next/server";
import { clientIpFrom, readJson, withErrors } from "@/lib/http/route";
import { signUp } from "@/lib/users/sign-up";

/** POST /api/users { email, password, name, timeZone? } → 201 { user } */
export const POST = withErrors(async (request) => {
  const user = await signUp(await readJson(request), { ip: clientIpFrom(request) });
  return NextResponse.json({ user }, { status: 201 });
});
