import { withMember } from "@/lib/access/with-member";
import {
  annotationResource,
  jsonLdResponse,
  redirectResponse,
  wantsHtml,
} from "@/lib/annotations/export/annotation-resource";
import { appUrl } from "@/lib/env";

type Params = { textId: string; threadId: string };

/**
 * GET /api/texts/{textId}/annotations/{threadId} → the exported annotation of a thread's opening
 * message (its id in the JSON-LD export), as Web Annotation JSON-LD; a browser (Accept
 * text/html) is sent to the reader at the passage (303). Members only.
 */
export const GET = withMember<Params>(
  { permission: "comments.read", resource: (params) => ({ type: "text", id: params.textId }) },
  async (request, { params, access }) => {
    const baseUrl = appUrl();
    const { annotation, readerPath } = await annotationResource({
      groupId: access.groupId,
      textId: params.textId,
      threadId: params.threadId,
      baseUrl,
    });
    return wantsHtml(request) ? redirectResponse(baseUrl, readerPath) : jsonLdResponse(annotation);
  },
);
