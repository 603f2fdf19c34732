import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { verifyPassword } from "@/lib/users/password";
import { currentSessionVersion, tokenSessionVersion } from "@/lib/auth/session-version";
import {
  afterFailedSignIn,
  afterSuccessfulSignIn,
  beforeSignInAttempt,
} from "@/lib/auth/sign-in-throttle";
import { db } from "@/lib/db/prisma";
import { getEnv, type TEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors/app-error";
import { ZEmail } from "@/lib/users/user-schemas";

export const SIGN_IN_FAILED = "Email or password is incorrect.";
const SESSION_REVOKED = "session_revoked";
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

function revokedMessage(metadata: unknown): boolean {
  const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
  return error instanceof Error && error.message === SESSION_REVOKED;
}

function clientIp(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  return first || "unknown";
}

async function authorizeWithPassword(
  credentials: Record<"email" | "password", string> | undefined,
  headers: Record<string, unknown> | undefined,
) {
  const email = ZEmail.safeParse(credentials?.email ?? "");
  const password = credentials?.password ?? "";
  if (!email.success || !password) throw new Error(SIGN_IN_FAILED);
  const ip = clientIp(headers);
  try {
    await beforeSignInAttempt(email.data, ip);
  } catch (error) {
    if (isAppError(error)) throw new Error(error.message);
    throw error;
  }
  const user = await db.user.findUnique({
    where: { email: email.data },
    select: { id: true, email: true, name: true, image: true, passwordHash: true },
  });
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) {
    await afterFailedSignIn(email.data);
    throw new Error(SIGN_IN_FAILED);
  }
  await afterSuccessfulSignIn(email.data, ip);
  return { id: user.id, email: user.email, name: user.name, image: user.image };
}

/** next-auth settings; optional providers switch on when their settings are present. */
export function buildAuthOptions(env: TEnv = getEnv()): NextAuthOptions {
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize: (credentials, req) => authorizeWithPassword(credentials, req.headers),
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(
      GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }),
    );
  }
  const needsAdapter = Boolean(env.EMAIL_SERVER || env.GITHUB_ID || env.GOOGLE_CLIENT_ID);
  if (env.EMAIL_SERVER && env.EMAIL_FROM) {
    providers.push(EmailProvider({ server: env.EMAIL_SERVER, from: env.EMAIL_FROM }));
  }

  return {
    secret: env.NEXTAUTH_SECRET,
    // The adapter stores OAuth accounts and e-mail tokens; sessions stay JWTs either way, so
    // the socket.io server can read them from the cookie without a database round trip.
    adapter: needsAdapter ? PrismaAdapter(db) : undefined,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    logger: {
      error(code, metadata) {
        // A revoked session is expected, not an error worth a stack trace in the log.
        if (code === "JWT_SESSION_ERROR" && revokedMessage(metadata)) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in", verifyRequest: "/sign-in?check-email=1" },
    providers,
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (await currentSessionVersion(user.id)) ?? 0;
          return token;
        }
        // Every request re-reads the version: a revoked token is refused (next-auth then
        // answers "no session" and clears the cookie).
        const current = token.sub ? await currentSessionVersion(token.sub) : null;
        if (current === null || current !== tokenSessionVersion(token))
          throw new Error(SESSION_REVOKED);
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

/** Which sign-in methods are on, for the sign-in page. */
export function enabledSignInMethods(env: TEnv = getEnv()): {
  github: boolean;
  google: boolean;
  email: boolean;
} {
  return {
    github: Boolean(env.GITHUB_ID && env.GITHUB_SECRET),
    google: Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET),
    email: Boolean(env.EMAIL_SERVER && env.EMAIL_FROM),
  };
}
