import { withMember } from "@/lib/http/with-member";
import { exportTextAnnotations } from "@/lib/annotations/export-text-annotations";
import {
  annotationPage,
  jsonLdResponse,
  redirectResponse,
  wantsHtml,
} from "@/lib/annotations/export/annotation-resource";
import { textPath } from "@/lib/texts/reader-urls";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";

type Params = { textId: string };

/**
 * GET /api/texts/{textId}/annotations?format=jsonld|markdown → the text's comments as a file
 * (W3C Web Annotation JSON-LD, the default, or Markdown), content-disposition attachment (members).
 * It is also the export's collection id: `?page=0` gives its page as JSON-LD, and a browser
 * (Accept text/html, no `format`) is sent to the text in the reader.
 */
export const GET = withMember<Params>(
  { permission: "comments.read", resource: (params) => ({ type: "text", id: params.textId }) },
  async (request, { params, access }) => {
    const url = new URL(request.url);
    // The collection and page ids of the export: a browser goes to the text in the reader.
    if (wantsHtml(request) && !url.searchParams.has("format"))
      return redirectResponse(appUrl(), textPath(access.groupId, params.textId));
    if (url.searchParams.get("page") === "0")
      return jsonLdResponse(await annotationPage(access.groupId, params.textId, appUrl()));
    const format = url.searchParams.get("format") ?? "jsonld";
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
