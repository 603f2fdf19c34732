import type { SessionUser } from "@/lib/auth/session";
import { authorize, type GroupAccess, type GroupResource } from "@/lib/access/authorize";
import type { GroupAction } from "@/lib/access/permissions";
import { withUser } from "@/lib/http/route";

/**
 * Wraps a route handler: signed in (401), member of the resource's group (404), role allows
 * the action (403). Every group-scoped route handler is exported through this.
 */
export function withMember<Params>(
  options: { permission: GroupAction; resource: (params: Params) => GroupResource },
  handler: (
    request: Request,
    context: { params: Params; user: SessionUser; access: GroupAccess },
  ) => Promise<Response>,
) {
  return withUser<Params>(async (request, { params, user }) => {
    const access = await authorize(user.id, options.permission, options.resource(params));
    return handler(request, { params, user, access });
  });
}
