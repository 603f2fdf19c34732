import {
  OpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { APP_ERROR_CODES, type AppErrorCode } from "@/lib/errors/app-error";

/**
 * The API's error answer, the one shape every /api answer other than a success has
 * (lib/http/route.ts errorResponse, the 404 catch-all, the 405 of lib/http/api-routes.ts).
 */
export const ZErrorResponse = z
  .object({
    error: z
      .object({
        code: z.enum(Object.keys(APP_ERROR_CODES) as [AppErrorCode, ...AppErrorCode[]]),
        message: z.string().min(1),
        fields: z
          .record(z.string(), z.string())
          .optional()
          .describe("Field path → what was wrong with it (validation errors)"),
      })
      .strict(),
  })
  .strict()
  .meta({ id: "Error" });

export type TMethod = "get" | "post" | "put" | "patch" | "delete";

/** Who may call an operation, in the words of docs/api.md; decides the usual refusals. */
export type TWho = "anyone" | "signed-in" | "member" | "token";

type TBodyContent = NonNullable<NonNullable<RouteConfig["request"]>["body"]>["content"];

type TOperation = {
  method: TMethod;
  path: string;
  summary: string;
  who: TWho;
  description?: string;
  tags: string[];
  /** A JSON body (its zod schema, the one the use case parses), or raw request-body content. */
  body?: z.ZodType | { content: TBodyContent };
  bodyRequired?: boolean;
  query?: z.ZodObject;
  /** Success answers by status: a zod schema (JSON), null (no body), or raw content. */
  responses: Record<
    number,
    { description: string; schema?: z.ZodType | null; content?: ResponseConfig["content"] }
  >;
  /** Refusals this operation is known to give besides the usual ones for `who` and a body. */
  errors?: AppErrorCode[];
};

const ERROR_DESCRIPTIONS: Record<AppErrorCode, string> = {
  bad_request: "Invalid input; `fields` names each invalid field",
  unauthorized: "Not signed in",
  forbidden: "The member's role does not allow it, or a cross-site write",
  not_found: "No such thing, or not a member of its group",
  method_not_allowed: "A method the path does not take (`Allow` lists those it does)",
  conflict: "The current state does not allow it",
  payload_too_large: "The body is too large",
  unsupported_media_type: "The body is not JSON (or the upload type is refused)",
  unprocessable: "The content could not be read or applied",
  rate_limited: "Too many requests (`retry-after`)",
  internal: "Something went wrong on the server",
  busy: "The server is busy; try again soon",
  unavailable: "A service the server needs (the database) cannot be reached; nothing changed",
};

const jsonOf = (schema: z.ZodType) => ({ "application/json": { schema } });

/** `/api/groups/{groupId}` → a path-parameter object with one string per `{name}`. */
function pathParams(path: string): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  if (names.length === 0) return undefined;
  return z.object(Object.fromEntries(names.map((name) => [name, z.string().min(1)])));
}

/**
 * The registry of every /api operation. Each domain's file (lib/openapi/paths/*) registers
 * its routes with the zod schemas the use cases parse, so the document is generated from the
 * same code that validates requests; a test checks it against app/api's route modules.
 */
export function createApiRegistry() {
  const registry = new OpenAPIRegistry();

  function operation(op: TOperation) {
    const errors = new Set<AppErrorCode>(op.errors ?? []);
    if (op.body) {
      errors.add("bad_request");
      errors.add("unsupported_media_type");
      errors.add("payload_too_large");
    }
    if (op.query) errors.add("bad_request");
    if (op.who === "signed-in" || op.who === "member") errors.add("unauthorized");
    if (op.who === "member") {
      errors.add("forbidden");
      errors.add("not_found");
    }
    if (op.who === "token") errors.add("not_found");
    if (op.method !== "get") errors.add("forbidden"); // cross-site writes (lib/http/cross-site.ts)
    errors.add("method_not_allowed");
    errors.add("internal");

    const responses: RouteConfig["responses"] = {};
    for (const [status, response] of Object.entries(op.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.content
          ? { content: response.content }
          : response.schema
            ? { content: jsonOf(response.schema) }
            : {}),
      };
    }
    for (const code of [...errors].sort()) {
      const status = String(APP_ERROR_CODES[code]);
      const existing = responses[status];
      const description = ERROR_DESCRIPTIONS[code];
      responses[status] = {
        description:
          existing && "description" in existing
            ? `${existing.description}; ${description}`
            : description,
        content: jsonOf(ZErrorResponse),
        ...(code === "method_not_allowed"
          ? {
              headers: {
                Allow: { description: "The methods the path takes", schema: { type: "string" } },
              },
            }
          : code === "rate_limited"
            ? {
                headers: {
                  "Retry-After": { description: "Seconds to wait", schema: { type: "string" } },
                },
              }
            : {}),
      };
    }

    const params = pathParams(op.path);
    const body =
      op.body === undefined
        ? undefined
        : op.body instanceof z.ZodType
          ? { content: jsonOf(op.body), required: op.bodyRequired ?? true }
          : { content: op.body.content, required: op.bodyRequired ?? true };
    registry.registerPath({
      method: op.method,
      path: op.path,
      summary: op.summary,
      description: [`Who: ${op.who}.`, op.description].filter(Boolean).join(" "),
      tags: op.tags,
      ...(op.who === "signed-in" || op.who === "member" ? { security: [{ session: [] }] } : {}),
      request: {
        ...(params ? { params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(body ? { body } : {}),
      },
      responses,
    });
  }

  return { registry, operation };
}

export type TApiRegistry = ReturnType<typeof createApiRegistry>;
