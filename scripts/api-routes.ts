/**
 * Writes lib/http/api-routes.generated.ts, the table of every route handler under app/api and
 * the methods it exports (`npx tsx scripts/api-routes.ts`); a unit test fails when it is out of
 * date.
 */
import { writeFileSync } from "node:fs";
import { API_ROUTES_PATH, apiRoutesText } from "@/scripts/lib/api-routes";

writeFileSync(API_ROUTES_PATH, apiRoutesText());
console.log(`wrote ${API_ROUTES_PATH}`);
