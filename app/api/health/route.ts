import { NextResponse } from "next/server";
import packageJson from "@/package.json" with { type: "json" };
import { checkHealth } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

/** GET /api/health → 200 when the database answers, 503 otherwise. */
export async function GET() {
  const health = await checkHealth(packageJson.version);
  return NextResponse.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
