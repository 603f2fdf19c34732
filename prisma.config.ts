import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pgResult from "pg/lib/result.js";
import { defineConfig } from "prisma/config";

/*
 * Migrations run in Prisma's WebAssembly schema engine through the pg adapter, so no native
 * engine is ever downloaded. Two adapter bugs are worked around here only:
 * 1. adapter-pg has no mapping for the catalog types `char` (18) and `name` (19) nor their
 *    arrays (prisma/orm#27403): report them to the adapter as text / text[].
 * 2. migrate dev's shadow database is dropped while its pool is still connected: end the pool
 *    first, then DROP ... WITH (FORCE).
 */
const CATALOG_TYPE_REMAP: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };
const resultPrototype = pgResult.prototype as {
  addFields(fields: { dataTypeID: number }[]): void;
  __remapped?: boolean;
};
if (!resultPrototype.__remapped) {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with .call below
  const addFields = resultPrototype.addFields;
  resultPrototype.addFields = function (this: unknown, fields) {
    for (const field of fields)
      field.dataTypeID = CATALOG_TYPE_REMAP[field.dataTypeID] ?? field.dataTypeID;
    addFields.call(this, fields);
  };
  resultPrototype.__remapped = true;
}

function connectionFields() {
  const raw = process.env.DATABASE_URL;
  if (!raw)
    throw new Error(
      "DATABASE_URL is not set (scripts/prisma.ts sets it for the embedded database)",
    );
  const url = new URL(raw);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, "") || "postgres",
  };
}

class ShadowSafePrismaPg extends PrismaPg {
  constructor(private readonly fields: ReturnType<typeof connectionFields>) {
    super(fields);
  }

  override async connectToShadowDb() {
    const admin = await this.connect();
    const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new PrismaPg({ ...this.fields, database }).connect();
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: () => Promise.resolve(new ShadowSafePrismaPg(connectionFields())),
});
