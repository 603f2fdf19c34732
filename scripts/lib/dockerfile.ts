/** One Dockerfile instruction: its keyword, its arguments, and the build stage it belongs to. */
export type DockerInstruction = { keyword: string; args: string; stage: number };

/** Dockerfile instructions with continuation lines joined and comments dropped. */
export function parseDockerfile(text: string): DockerInstruction[] {
  const instructions: DockerInstruction[] = [];
  let stage = -1;
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) continue;
    pending += (pending ? " " : "") + line.replace(/\\$/, "").trim();
    if (line.endsWith("\\")) continue;
    const match = /^(\w+)\s+(.*)$/.exec(pending);
    pending = "";
    if (!match?.[1] || match[2] === undefined) continue;
    const keyword = match[1].toUpperCase();
    if (keyword === "FROM") stage += 1;
    instructions.push({ keyword, args: match[2], stage });
  }
  return instructions;
}

/** `ENV A=1 B=2` (the key=value form) as an object. */
export function envOf(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of args.split(/\s+/)) {
    const at = pair.indexOf("=");
    if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1).replace(/^"(.*)"$/, "$1");
  }
  return env;
}
