/**
 * Writes lib/http/api-routes.generated.ts, the table of every route handler under app/api and
 * the methods it exports (`npx tsx scripts/api-routes.ts`); a unit test fails when it is out of
 * date.
 */
import { writeFileSync } from "node:fs";
import { format, resolveConfig } from "prettier";
import { API_ROUTES_PATH, apiRoutesText } from "@/scripts/lib/api-routes";

// Written as Prettier would write it, so that `npm run format:check` stays clean.
const options = (await resolveConfig(API_ROUTES_PATH)) ?? {};
writeFileSync(
  API_ROUTES_PATH,
  await format(apiRoutesText(), { ...options, filepath: API_ROUTES_PATH }),
);
console.log(`wrote ${API_ROUTES_PATH}`);
