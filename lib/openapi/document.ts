import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { createApiRegistry } from "@/lib/openapi/registry";
import { registerAccountPaths } from "@/lib/openapi/paths/accounts";
import { registerGroupPaths } from "@/lib/openapi/paths/groups";
import { registerSessionPaths } from "@/lib/openapi/paths/sessions";
import { registerTextPaths } from "@/lib/openapi/paths/texts";

export type TOpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

let cached: TOpenApiDocument | undefined;

/**
 * The OpenAPI 3.1 description of /api, generated from the zod schemas the use cases parse
 * (served at GET /api/openapi.json). It names no server: clients use the origin they fetched it
 * from, so it holds nothing about the deployment.
 */
export function openApiDocument(): TOpenApiDocument {
  if (cached) return cached;
  const api = createApiRegistry();
  api.registry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "next-auth.session-token",
    description: "next-auth's session cookie (`__Secure-` prefixed behind HTTPS)",
  });
  registerAccountPaths(api);
  registerGroupPaths(api);
  registerTextPaths(api);
  registerSessionPaths(api);
  cached = new OpenApiGeneratorV31(api.registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Marginalia HTTP API",
      version: "1",
      description:
        "JSON over HTTP with the next-auth session cookie; conventions, rate limits and the realtime protocol in docs/api.md and docs/realtime-protocol.md. Every error is `{ error: { code, message, fields? } }`; a path no route handles is 404 `not_found`, a method a path does not take is 405 `method_not_allowed` with `Allow`.",
    },
  });
  return cached;
}
