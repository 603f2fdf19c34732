import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/route";
import { myReadings } from "@/lib/progress/my-readings";

/** GET /api/me/readings → { next: [reading], done: [reading] } across the member's groups */
export const GET = withUser(async (_request, { user }) =>
  NextResponse.json(await myReadings(user.id)),
);
