/**
 * The CI-sized soak (issue 18.5; `npm run soak` is the issue size): two app processes on one
 * PostgreSQL of the run's own, Redis, real socket.io clients. Steady load without an error and
 * with bounded memory, SIGKILLs under load losing no acknowledged comment and storing none twice,
 * PostgreSQL and Redis outages refused while down and healed without a restart, and every client
 * dropped and reconnected at once converging. See scripts/lib/soak.ts.
 */
import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { CI_SIZE, runSoak } from "@/scripts/lib/soak";
import { REDIS_SERVER } from "@/tests/helpers/redis-server";

/** Growth of each process's RSS during the steady phase, in MB: what "bounded" means here. */
const RSS_GROWTH_BOUND_MB = 100;

it.skipIf(!existsSync(REDIS_SERVER))(
  "soak: steady load, SIGKILLs, PostgreSQL and Redis outages, a reconnect storm",
  async () => {
    const results = await runSoak(CI_SIZE, (line) => console.log(`[soak] ${line}`));
    console.log(`[soak] figures: ${JSON.stringify(results)}`);

    expect(results.steady.errors).toEqual({});
    expect(results.steady.acknowledged).toBe(results.steady.sent);
    expect(results.steady.latencyMs.samples).toBeGreaterThan(0);
    expect(results.steady.ackMs.samples).toBe(results.steady.acknowledged);
    for (const sample of results.steady.rssMb)
      expect(sample.growthMb).toBeLessThan(RSS_GROWTH_BOUND_MB);

    expect(results.kills.kills).toBe(CI_SIZE.kills);
    expect(results.kills.acknowledged).toBeGreaterThan(0);
    expect(results.kills).toMatchObject({
      missingRows: 0,
      duplicateRows: 0,
      missingInDocuments: 0,
      duplicatedInDocuments: 0,
    });

    expect(results.outage.acknowledgedWhileDown).toBe(0);
    expect(results.outage.refusedWhileDown).toBeGreaterThan(0);
    // Refusals say "try again" (or the ack did not come in time): never a generic failure.
    expect(Object.keys(results.outage.refusalCodes)).not.toContain("internal");
    expect(results.outage).toMatchObject({
      missingRows: 0,
      duplicateRows: 0,
      recoveredWithoutRestart: true,
    });

    expect(results.reconnect.notReconnected).toBe(0);
    expect(results.reconnect.notConverged).toBe(0);
    expect(results.reconnect.clients).toBe(CI_SIZE.members);
    expect(results.reconnect.missing).toBe(0);

    // The members' clients were split over the driver's workers, and let go by the end.
    expect(results.driver.processes).toBe(CI_SIZE.workers + 1);
    expect(results.driver.maxWorkerRssMb).toBeGreaterThan(0);

    // No warning floods in either process's log (issue 18.4): pg's overlapping-query deprecation,
    // Yjs's client-id change, or any other deprecation.
    expect(results.warnings).toEqual({ pgOverlappingQuery: 0, yjsClientId: 0, deprecation: 0 });
  },
  // The budget for the CI-sized soak on a loaded 2-core machine.
  180_000,
);
