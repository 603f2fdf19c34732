/**
 * Writes docs/realtime-protocol.schema.json from the command zod schemas
 * (`npx tsx scripts/realtime-protocol-schema.ts`); a unit test fails when it is out of date.
 */
import { writeFileSync } from "node:fs";
import {
  REALTIME_SCHEMA_PATH,
  realtimeProtocolSchemaText,
} from "@/scripts/lib/realtime-protocol-schema";

writeFileSync(REALTIME_SCHEMA_PATH, realtimeProtocolSchemaText());
console.log(`wrote ${REALTIME_SCHEMA_PATH}`);
