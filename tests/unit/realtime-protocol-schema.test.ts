import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMENT_COMMAND_TYPES } from "@/lib/annotations/comment-schemas";
import {
  REALTIME_SCHEMA_PATH,
  realtimeProtocolSchema,
  realtimeProtocolSchemaText,
} from "@/scripts/lib/realtime-protocol-schema";

describe("docs/realtime-protocol.schema.json", () => {
  it("is up to date with the command zod schemas (run npx tsx scripts/realtime-protocol-schema.ts)", () => {
    expect(JSON.parse(readFileSync(REALTIME_SCHEMA_PATH, "utf8"))).toEqual(
      JSON.parse(realtimeProtocolSchemaText()),
    );
  });

  it("describes every comment command type, with its required fields", () => {
    const defs = realtimeProtocolSchema().$defs as Record<string, { required?: string[] }>;
    for (const type of COMMENT_COMMAND_TYPES) expect(Object.keys(defs)).toContain(type);
    expect(defs["comment.create"]?.required).toEqual(
      expect.arrayContaining(["doc", "id", "type", "threadId", "messageId", "anchor", "body"]),
    );
    expect(defs["comment.create"]?.required).not.toContain("tags");
  });

  it("is referenced from docs/realtime-protocol.md", () => {
    expect(readFileSync("docs/realtime-protocol.md", "utf8")).toContain(
      "realtime-protocol.schema.json",
    );
  });
});
