import { z } from "zod";
import { ZChangePasswordInput } from "@/lib/auth/change-password";
import { ZCompleteResetInput, ZRequestResetInput } from "@/lib/auth/password-reset";
import type { TApiRegistry } from "@/lib/openapi/registry";
import { anyJsonObject, ZHealth, ZOk, ZUser } from "@/lib/openapi/responses";
import { ZSignUpInput, ZUpdateProfileInput } from "@/lib/users/user-schemas";

const tags = ["Accounts"];

export function registerAccountPaths({ operation }: TApiRegistry) {
  operation({
    method: "post",
    path: "/api/users",
    summary: "Sign up",
    who: "anyone",
    tags,
    description:
      "Answers alike for new and taken addresses (sign-up never tells who is registered); rate limited per client address.",
    // `timeZone` is `.catch(undefined)` (an unknown zone is dropped, not refused), which the
    // generator cannot express: the field is described as the optional string it accepts.
    body: ZSignUpInput.extend({
      timeZone: z.string().optional().describe("The browser's IANA zone; unknown ones are ignored"),
    }),
    responses: {
      201: {
        description: "The account",
        schema: z.object({ user: anyJsonObject("The new account (id, email, name)") }),
      },
    },
    errors: ["rate_limited"],
  });
  operation({
    method: "get",
    path: "/api/users/me",
    summary: "The signed-in account",
    who: "signed-in",
    tags,
    responses: { 200: { description: "The account", schema: z.object({ user: ZUser }) } },
  });
  operation({
    method: "patch",
    path: "/api/users/me",
    summary: "Change name, time zone and preferences",
    who: "signed-in",
    tags,
    body: ZUpdateProfileInput,
    responses: { 200: { description: "The account", schema: z.object({ user: ZUser }) } },
  });
  operation({
    method: "post",
    path: "/api/users/me/password",
    summary: "Change the password (every other session ends)",
    who: "signed-in",
    tags,
    body: ZChangePasswordInput,
    responses: { 200: { description: "Changed; a reissued cookie", schema: ZOk } },
    errors: ["rate_limited"],
  });
  operation({
    method: "post",
    path: "/api/users/me/sign-out-everywhere",
    summary: "End every session of the account",
    who: "signed-in",
    tags,
    responses: { 200: { description: "Done", schema: ZOk } },
  });
  operation({
    method: "post",
    path: "/api/password-resets",
    summary: "E-mail a password reset link",
    who: "anyone",
    tags,
    body: ZRequestResetInput,
    responses: {
      202: {
        description: "The same answer whether or not the address has an account",
        schema: z.object({ message: z.string() }),
      },
    },
    errors: ["conflict", "rate_limited"],
  });
  operation({
    method: "post",
    path: "/api/password-resets/complete",
    summary: "Set a new password with a reset link",
    who: "anyone",
    tags,
    body: ZCompleteResetInput,
    responses: { 200: { description: "Password set", schema: z.object({ email: z.string() }) } },
  });
  operation({
    method: "get",
    path: "/api/health",
    summary: "Health of the process and its dependencies",
    who: "anyone",
    tags: ["Operations"],
    responses: {
      200: { description: "Every dependency is up", schema: ZHealth },
      503: { description: "A dependency is down (`status: degraded`)", schema: ZHealth },
    },
  });
  operation({
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    who: "anyone",
    tags: ["Operations"],
    responses: {
      200: {
        description: "The OpenAPI 3.1 document",
        schema: anyJsonObject("OpenAPI 3.1 document"),
      },
    },
  });
  // next-auth's catch-all route (app/api/auth/[...nextauth]): the endpoints clients use.
  const auth = ["Sign-in (next-auth)"];
  operation({
    method: "get",
    path: "/api/auth/{nextauth}",
    summary:
      "next-auth's endpoints: csrf, session, providers, signin, signout, callback/{provider}",
    who: "anyone",
    tags: auth,
    description:
      "One catch-all route handled by next-auth (its own JSON, not this API's error shape); `GET /api/auth/csrf` gives the token the sign-in form posts.",
    responses: {
      200: {
        description: "next-auth's answer",
        content: { "application/json": { schema: { type: "object" } } },
      },
    },
  });
  operation({
    method: "post",
    path: "/api/auth/{nextauth}",
    summary: "next-auth's endpoints: callback/credentials (sign in), signout, signin/{provider}",
    who: "anyone",
    tags: auth,
    description:
      "Form fields `csrfToken`, `email`, `password` for `callback/credentials`; protected by next-auth's CSRF token; sign-in attempts are throttled (docs/api.md).",
    body: {
      content: {
        "application/x-www-form-urlencoded": {
          schema: {
            type: "object",
            properties: {
              csrfToken: { type: "string" },
              email: { type: "string" },
              password: { type: "string" },
            },
          },
        },
      },
    },
    responses: { 200: { description: "next-auth's answer (often a redirect)" } },
  });
}
