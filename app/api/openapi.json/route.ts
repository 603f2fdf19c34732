import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/openapi/document";
import { withErrors } from "@/lib/http/route";

/**
 * GET /api/openapi.json → the OpenAPI 3.1 document of this API, generated from the zod schemas
 * the routes parse (lib/openapi). Public: it describes shapes, never data or settings.
 */
export const GET = withErrors(() =>
  Promise.resolve(
    NextResponse.json(openApiDocument(), {
      headers: { "cache-control": "public, max-age=300" },
    }),
  ),
);
