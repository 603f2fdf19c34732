import { afterEach, describe, expect, it } from "vitest";
import { setEnvDefaults } from "@/lib/env";
import { publicBaseUrl } from "@/lib/http/public-base-url";

const saved = process.env.APP_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = saved;
  setEnvDefaults({});
});

function withAppUrl(value: string | undefined) {
  if (value === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = value;
  setEnvDefaults({});
}

describe("absolute links use the configured public address", () => {
  it("prefers APP_URL over the host the request came in on (a proxy's internal address)", () => {
    withAppUrl("https://reading.example.org");
    expect(publicBaseUrl(new Request("http://localhost:3000/api/groups/g/invites"))).toBe(
      "https://reading.example.org",
    );
  });

  it("keeps a path prefix of APP_URL and drops its trailing slash", () => {
    withAppUrl("https://example.org/marginalia/");
    expect(publicBaseUrl(new Request("http://10.0.0.5:3000/x"))).toBe(
      "https://example.org/marginalia",
    );
  });

  it("falls back to the request's origin when APP_URL is not configured", () => {
    withAppUrl(undefined);
    expect(publicBaseUrl(new Request("http://127.0.0.1:4100/x"))).toBe("http://127.0.0.1:4100");
  });
});
