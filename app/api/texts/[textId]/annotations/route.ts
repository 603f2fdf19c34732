import { withMember } from "@/lib/access/with-member";
import { exportTextAnnotations } from "@/lib/annotations/export-text-annotations";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";

type Params = { textId: string };

/**
 * GET /api/texts/{textId}/annotations?format=jsonld|markdown → the text's comments as a file
 * (W3C Web Annotation JSON-LD, the default, or Markdown), content-disposition attachment (members)
 */
export const GET = withMember<Params>(
  { permission: "comments.read", resource: (params) => ({ type: "text", id: params.textId }) },
  async (request, { params, access }) => {
    const format = new URL(request.url).searchParams.get("format") ?? "jsonld";
    if (format !== "jsonld" && format !== "markdown")
      throw new AppError("bad_request", "format: jsonld or markdown", {
        format: "jsonld or markdown",
      });
    const file = await exportTextAnnotations(access.groupId, params.textId, format, appUrl());
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "private, no-store",
      },
    });
  },
);
