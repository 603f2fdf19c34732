import { AppError } from "@/lib/errors/app-error";
import { withErrors } from "@/lib/http/route";

type Params = { notFound: string[] };

/**
 * Any /api path no route handles: the API's JSON error (`{ error: { code: "not_found", … } }`)
 * instead of the HTML 404 page. More specific routes always win over this catch-all.
 */
const notFound = withErrors<Params>((request) =>
  Promise.reject(new AppError("not_found", `No API route at ${new URL(request.url).pathname}`)),
);

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
