import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, type TEnv } from "@/lib/env";

/**
 * A deployment (production mode with its own DATABASE_URL) must be given NEXTAUTH_SECRET.
 * A local run (`npm start` with the embedded database, or development) generates one once and
 * keeps it in the data folder, so sessions survive restarts.
 */
export function resolveSessionSecret(env: TEnv): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (env.NODE_ENV === "production" && env.DATABASE_URL) {
    throw new ConfigError([
      "NEXTAUTH_SECRET: required in production with an external DATABASE_URL (generate one: openssl rand -base64 32)",
    ]);
  }
  const dataDir = path.resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
