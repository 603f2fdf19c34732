import NextAuth from "next-auth";
import { buildAuthOptions } from "@/lib/auth/auth-options";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so they always reflect the validated configuration.
async function handler(request: Request, context: NextAuthContext): Promise<Response> {
  const params = await context.params;
  // next-auth v4's App Router handler takes the route params object as it was before Next 15.
  return (
    NextAuth(buildAuthOptions()) as (
      req: Request,
      ctx: { params: { nextauth: string[] } },
    ) => Promise<Response>
  )(request, { params });
}

export { handler as GET, handler as POST };
