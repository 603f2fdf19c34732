import { NextResponse } from "next/server";
import { readJson, withUser } from "@/lib/http/route";
import { getProfile, updateProfile } from "@/lib/users/update-profile";

/** GET /api/users/me → { user } */
export const GET = withUser(async (_request, { user }) =>
  NextResponse.json({ user: await getProfile(user.id) }),
);

/** PATCH /api/users/me { name?, timeZone?, hideCommentsBeyondProgress?, emailReminders? } → { user } */
export const PATCH = withUser(async (request, { user }) =>
  NextResponse.json({ user: await updateProfile(user.id, await readJson(request)) }),
);
