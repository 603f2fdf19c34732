import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/**
 * Runs the Prisma CLI with the settings that keep it offline: the engine paths point at an
 * existing file, so the CLI does not try to download native engines it will never run
 * (migrations use the WebAssembly schema engine through the pg adapter, see prisma.config.ts).
 */
export function prismaCliEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const placeholder = require.resolve("prisma/package.json");
  return {
    ...base,
    PRISMA_QUERY_ENGINE_LIBRARY: base.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
    PRISMA_SCHEMA_ENGINE_BINARY: base.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_DISABLE_WARNINGS: "1",
    CHECKPOINT_DISABLE: "1",
  };
}

export function runPrismaCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; quiet?: boolean; cwd?: string } = {},
): Promise<{ code: number; output: string }> {
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: prismaCliEnv(options.env ?? process.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer, stream: NodeJS.WriteStream) => {
      output += chunk.toString();
      if (!options.quiet) stream.write(chunk);
    };
    child.stdout.on("data", (chunk: Buffer) => collect(chunk, process.stdout));
    child.stderr.on("data", (chunk: Buffer) => collect(chunk, process.stderr));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
