import { z } from "zod";

/**
 * Every setting Marginalia reads, validated once. This is the only module that reads
 * process.env; everything else asks getEnv().
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATA_DIR: z.string().min(1).default(".data"),
    DATABASE_URL: optionalString.pipe(
      z.url({ protocol: /^postgres(ql)?$/, message: "must be a postgres:// URL" }).optional(),
    ),
    // Migrations at start run with this URL when set (a role with DDL rights), the app with
    // DATABASE_URL (a role that only reads and writes rows).
    MIGRATE_DATABASE_URL: optionalString.pipe(
      z.url({ protocol: /^postgres(ql)?$/, message: "must be a postgres:// URL" }).optional(),
    ),
    APP_URL: optionalString.pipe(z.url({ message: "must be an absolute URL" }).optional()),
    NEXTAUTH_SECRET: optionalString.pipe(
      z.string().min(32, "must be at least 32 characters").optional(),
    ),
    // Other origins (scheme://host[:port], comma-separated) trusted besides APP_URL's: for the
    // realtime socket and for state-changing HTTP requests (lib/http/cross-site.ts).
    ALLOWED_ORIGINS: optionalString.refine(
      (value) =>
        (value ?? "")
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean)
          .every((entry) => URL.canParse(entry) && /^https?:$/.test(new URL(entry).protocol)),
      { message: "must be comma-separated http(s) origins, e.g. https://reading.example.org" },
    ),
    // Read by next-auth itself; boot derives them from APP_URL (see scripts/lib/boot.ts).
    NEXTAUTH_URL: optionalString,
    AUTH_TRUST_HOST: optionalString,
    REDIS_URL: optionalString.pipe(z.url({ message: "must be a redis:// URL" }).optional()),
    GITHUB_ID: optionalString,
    GITHUB_SECRET: optionalString,
    GOOGLE_CLIENT_ID: optionalString,
    GOOGLE_CLIENT_SECRET: optionalString,
    EMAIL_SERVER: optionalString,
    EMAIL_FROM: optionalString,
    SEED_DEMO: booleanFlag.default(true),
    // Behind a reverse proxy, trust its X-Forwarded-For; otherwise the socket address is used.
    TRUST_PROXY: booleanFlag.default(false),
    // A document with no client left is released from memory after this long.
    REALTIME_DOC_IDLE_MS: z.coerce.number().int().min(0).default(30_000),
    // Fold the update log into a snapshot once it holds this many rows.
    REALTIME_COMPACT_AFTER: z.coerce.number().int().min(2).default(200),
    // Budgets of one account on the realtime server (see docs/realtime-protocol.md, Limits).
    REALTIME_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(20),
    // Commands per account per 10 s, over all its sockets and every process (PostgreSQL).
    REALTIME_USER_COMMANDS: z.coerce.number().int().min(1).default(60),
    // Commands on one document per 10 s, from all its members (replaces a per-socket limit).
    REALTIME_DOC_COMMANDS: z.coerce.number().int().min(1).default(3_000),
    // Commands waiting or running at once, per document and per process: more are refused at
    // once with `busy` (the client retries with backoff) instead of queueing without bound.
    REALTIME_DOC_QUEUE: z.coerce.number().int().min(1).default(64),
    REALTIME_PROCESS_QUEUE: z.coerce.number().int().min(1).default(1_000),
    // …and no more than a process finishes in this long at its recent rate (below the client's
    // 15 s ack timeout, so what is admitted is answered in time).
    REALTIME_QUEUE_WAIT_MS: z.coerce.number().int().min(100).default(5_000),
    // Documents held in memory by one process; idle ones are let go first when it is full.
    REALTIME_MAX_DOCUMENTS: z.coerce.number().int().min(1).default(5_000),
    // Member-written documents (shared session notes, private notes): encoded size and text.
    REALTIME_MEMBER_DOC_MAX_BYTES: z.coerce.number().int().min(1_024).default(1_000_000),
    REALTIME_MEMBER_DOC_MAX_CHARS: z.coerce.number().int().min(256).default(262_144),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    // Uploaded files are parsed on worker threads (lib/parsing/parse-pool.ts, docs/http-api.md):
    // a parse is stopped after PARSE_TIMEOUT_MS of running or past PARSE_MEMORY_MB of heap.
    PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
    PARSE_MEMORY_MB: z.coerce.number().int().min(64).default(512),
    PARSE_WORKERS: z.coerce.number().int().min(1).max(64).default(2),
    // Parses waiting for a thread (all users) and running or waiting per user.
    PARSE_MAX_QUEUE: z.coerce.number().int().min(0).default(16),
    PARSE_PER_USER: z.coerce.number().int().min(1).default(2),
    // PDF imports: longest document (pages) and largest file (bytes) read; time is PARSE_TIMEOUT_MS.
    // Import from a URL: private, loopback and link-local addresses are refused unless allowed
    // (tests, intranets); the whole fetch, redirects included, has this time limit.
    IMPORT_URL_ALLOW_PRIVATE: booleanFlag.default(false),
    IMPORT_URL_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
    PARSE_PDF_MAX_PAGES: z.coerce.number().int().min(1).default(2_000),
    PARSE_PDF_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .default(10 * 1024 * 1024),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.GITHUB_ID) !== Boolean(env.GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["GITHUB_SECRET"],
        message: "GITHUB_ID and GITHUB_SECRET go together",
      });
    }
    if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["GOOGLE_CLIENT_SECRET"],
        message: "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET go together",
      });
    }
    if (Boolean(env.EMAIL_SERVER) !== Boolean(env.EMAIL_FROM)) {
      ctx.addIssue({
        code: "custom",
        path: ["EMAIL_FROM"],
        message: "EMAIL_SERVER and EMAIL_FROM go together",
      });
    }
  });

export type TEnv = z.infer<typeof ZEnv>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
    );
  }
  return result.data;
}

const globalForEnv = globalThis as unknown as { marginaliaEnv?: TEnv };

export function getEnv(): TEnv {
  globalForEnv.marginaliaEnv ??= parseEnv(process.env);
  return globalForEnv.marginaliaEnv;
}

/**
 * The start-up script fills in derived settings (the embedded database's URL, the generated
 * development secret) before anything else reads the configuration.
 */
export function setEnvDefaults(values: Partial<Record<keyof TEnv, string>>): TEnv {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && !process.env[key]) process.env[key] = value;
  }
  globalForEnv.marginaliaEnv = parseEnv(process.env);
  return globalForEnv.marginaliaEnv;
}

export function appUrl(env: TEnv = getEnv()): string {
  return env.APP_URL ?? `http://localhost:${env.PORT}`;
}
