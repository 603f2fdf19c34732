import { existsSync } from "node:fs";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded-postgres";
import { DEMO_SEED_LOCK_KEY, withAdvisoryLock } from "@/lib/db/advisory-lock";
import { migrateDatabase } from "@/lib/db/migrate";
import { resolveSessionSecret } from "@/lib/app/session-secret";
import { getEnv, setEnvDefaults } from "@/lib/env";

export type BootedApp = {
  url: string;
  seeded: boolean;
  usingEmbeddedDatabase: boolean;
  stop: () => Promise<void>;
};

type Log = (line: string) => void;

/**
 * Everything `npm start` does before serving: database (embedded unless DATABASE_URL is set),
 * migrations, demo data on an empty database, then the HTTP + socket.io server.
 */
export async function bootApp(options: {
  dev: boolean;
  log: Log;
  seed?: boolean;
}): Promise<BootedApp> {
  const { log } = options;
  let env = getEnv();
  const secret = resolveSessionSecret(env);

  let embedded: EmbeddedDatabase | undefined;
  if (!env.DATABASE_URL) {
    log(`Starting the embedded PostgreSQL in ${env.DATA_DIR}/postgres…`);
    embedded = await startEmbeddedPostgres({ dataDir: env.DATA_DIR, log });
  }
  env = setEnvDefaults({
    NEXTAUTH_SECRET: secret,
    DATABASE_URL: embedded?.url,
    // With a public URL next-auth builds links from it; without one (local runs) it follows the
    // Host header of each request.
    ...(env.APP_URL ? { NEXTAUTH_URL: env.APP_URL } : { AUTH_TRUST_HOST: "true" }),
  });

  try {
    log("Applying database migrations…");
    // The migrations may run as another role than the app (one with DDL rights); see
    // docs/operations.md.
    await migrateDatabase(env.MIGRATE_DATABASE_URL ?? env.DATABASE_URL);

    let seeded = false;
    const databaseUrl = env.DATABASE_URL;
    if ((options.seed ?? env.SEED_DEMO) && databaseUrl) {
      const { seedDemoIfEmpty } = await import("@/seeds/demo");
      // Processes started together on an empty database: one seeds, the others wait and then
      // find users.
      seeded = await withAdvisoryLock(databaseUrl, DEMO_SEED_LOCK_KEY, () =>
        seedDemoIfEmpty({ log }),
      );
    }

    if (!options.dev && !existsSync(".next/BUILD_ID")) {
      throw new Error(
        "No production build found: run `npm run build` (npm start does this for you).",
      );
    }
    const { startServer } = await import("@/server");
    const server = await startServer({ dev: options.dev });

    return {
      url: env.APP_URL ?? server.url,
      seeded,
      usingEmbeddedDatabase: Boolean(embedded),
      stop: async () => {
        await server.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
