import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Path segments that name something inside a group: a route with one is group-scoped. */
export const GROUP_SCOPED_SEGMENTS = [
  "[messageId]",
  "[groupId]",
  "[textId]",
  "[chapterId]",
  "[sessionId]",
  "[threadId]",
  "[assignmentId]",
];
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Every file under app/ (pages, route handlers, components, server actions). */
export function appSourceFiles(): string[] {
  return walk("app");
}

/** Every group-scoped page (GET) and route handler in app/, with the methods it exports. */
export function discoverGroupScopedRoutes(): { file: string; methods: string[] }[] {
  return walk("app")
    .filter((file) => /(^|\/)(page\.tsx|route\.ts)$/.test(file))
    .filter((file) => GROUP_SCOPED_SEGMENTS.some((segment) => file.includes(segment)))
    .map((file) => {
      if (file.endsWith("page.tsx")) return { file, methods: ["GET"] };
      const source = readFileSync(file, "utf8");
      const methods = HTTP_METHODS.filter((method) =>
        new RegExp(`export (const|async function|function) ${method}\\b|as ${method}\\b`).test(
          source,
        ),
      );
      return { file, methods };
    });
}
