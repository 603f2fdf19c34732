/**
 * The soak's client workers seen from the coordinator: forks them, hands each its share of the
 * members (member i goes to worker i mod n), and turns the IPC messages of
 * scripts/lib/soak-protocol.ts into promises. Each worker has its own heap (and its own
 * `--max-old-space-size`), so 500 real Y.Doc replicas no longer share one garbage collector.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type {
  AppRef,
  CommentFields,
  ConvergeReport,
  FromWorker,
  ObserverSpec,
  ToWorker,
  WorkerMember,
} from "./soak-protocol";

type Reply = Extract<FromWorker, { kind: "reply" }>;
export type CommentDone = Extract<FromWorker, { kind: "done" }>;

/** Heap of each worker, in MB: 100–125 clients with replicas of documents of ~1,500 threads. */
const WORKER_HEAP_MB = 4096;

function vmRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return Math.round(Number(match?.[1] ?? 0) / 1024);
  } catch {
    return 0; // ended
  }
}

type Worker = {
  child: ChildProcess;
  heapUsedMb: number;
  clients: number;
  rssMb: number;
};

export class SoakDriver {
  private readonly workers: Worker[] = [];
  private nextId = 1;
  private readonly replies = new Map<number, (reply: Reply) => void>();
  private readonly comments = new Map<
    number,
    { done: (done: CommentDone) => void; refusal?: (code: string, at: number) => void }
  >();
  /** Called with every thread an observer saw while measuring. */
  onSeen: (threadId: string, app: string, at: number) => void = () => undefined;
  /** The largest sum seen so far over the coordinator and its workers. */
  readonly memory = { maxRssMb: 0, maxHeapMb: 0, maxWorkerRssMb: 0 };
  private readonly sampler: NodeJS.Timeout;

  private constructor(readonly size: number) {
    this.sampler = setInterval(() => this.sample(), 1_000);
    this.sampler.unref();
  }

  static async start(workers: number, members: WorkerMember[]): Promise<SoakDriver> {
    const driver = new SoakDriver(workers);
    const script = path.join(process.cwd(), "scripts/lib/soak-worker.ts");
    await Promise.all(
      Array.from({ length: workers }, async (_, index) => {
        const child = fork(script, [], {
          cwd: process.cwd(),
          execArgv: ["--import", "tsx", `--max-old-space-size=${WORKER_HEAP_MB}`],
          serialization: "advanced",
          stdio: ["ignore", "inherit", "inherit", "ipc"],
        });
        const worker: Worker = { child, heapUsedMb: 0, clients: 0, rssMb: 0 };
        driver.workers[index] = worker;
        await new Promise<void>((resolve, reject) => {
          child.once("exit", (code) => reject(new Error(`soak worker ${index} exited (${code})`)));
          child.on("message", (message: FromWorker) => {
            if (message.kind === "ready") resolve();
            else driver.receive(worker, message);
          });
        });
        child.removeAllListeners("exit");
        child.once("exit", (code, signal) => {
          if (driver.running)
            driver.fail(new Error(`soak worker ${index} died (${code ?? signal})`));
        });
        driver.post(index, {
          kind: "init",
          members: members.filter((member) => member.index % workers === index),
        });
      }),
    );
    return driver;
  }

  private running = true;
  /** A worker that died while the run needed it (checked by the coordinator between phases). */
  failure: Error | undefined;

  /** A dead worker breaks the run: whatever waits on any worker is answered with the failure. */
  private fail(error: Error): void {
    this.failure = error;
    for (const reply of this.replies.values())
      reply({ kind: "reply", rid: 0, error: error.message });
    this.replies.clear();
    for (const comment of this.comments.values())
      comment.done({
        kind: "done",
        id: 0,
        ok: false,
        code: "driver worker died",
        at: Date.now(),
        retried: false,
      });
    this.comments.clear();
  }

  workerOf(member: number): number {
    return member % this.size;
  }

  private receive(worker: Worker, message: FromWorker): void {
    switch (message.kind) {
      case "reply":
        this.replies.get(message.rid)?.(message);
        this.replies.delete(message.rid);
        return;
      case "refusal":
        this.comments.get(message.id)?.refusal?.(message.code, message.at);
        return;
      case "done":
        this.comments.get(message.id)?.done(message);
        this.comments.delete(message.id);
        return;
      case "seen":
        this.onSeen(message.threadId, message.app, message.at);
        return;
      case "memory":
        worker.heapUsedMb = message.heapUsedMb;
        worker.clients = message.clients;
        return;
      case "ready":
        return;
    }
  }

  private post(index: number, message: ToWorker): void {
    const worker = this.workers[index];
    if (!worker?.child.connected) throw this.failure ?? new Error(`soak worker ${index} is gone`);
    worker.child.send(message);
  }

  /** Sends a request to one worker and waits for its answer. */
  private request(index: number, message: ToWorker & { rid: number }): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.replies.set(message.rid, (reply) =>
        reply.error ? reject(new Error(`soak worker ${index}: ${reply.error}`)) : resolve(reply),
      );
      this.post(index, message);
    });
  }

  /** The same request to every worker (built per worker), all at once. */
  private all(build: (index: number, rid: number) => ToWorker & { rid: number }) {
    return Promise.all(
      this.workers.map((_, index) => this.request(index, build(index, this.nextId++))),
    );
  }

  /**
   * Connects members to the processes given, each worker `batch` at a time: the total in flight
   * stays about `totalBatch`, as when one process drove them all.
   */
  async connect(targets: { member: number; app: AppRef }[], totalBatch = 50): Promise<void> {
    const batch = Math.max(1, Math.ceil(totalBatch / this.size));
    await this.all((index, rid) => ({
      kind: "connect",
      rid,
      batch,
      targets: targets.filter((target) => this.workerOf(target.member) === index),
    }));
  }

  /** One observer per (document, process), spread over the workers. */
  async observe(observers: ObserverSpec[]): Promise<void> {
    await this.all((index, rid) => ({
      kind: "observe",
      rid,
      observers: observers.filter((_, position) => position % this.size === index),
    }));
  }

  measure(on: boolean): void {
    for (const index of this.workers.keys()) this.post(index, { kind: "measure", on });
  }

  comment(
    member: number,
    command: CommentFields,
    options: { retryUntil?: number; onRefusal?: (code: string, at: number) => void },
  ): Promise<CommentDone> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.comments.set(id, { done: resolve, refusal: options.onRefusal });
      this.post(this.workerOf(member), {
        kind: "comment",
        id,
        member,
        command,
        retryUntil: options.retryUntil,
        reportRefusals: Boolean(options.onRefusal),
      });
    });
  }

  /** A process was killed: every worker retires its clients on it; the members that moved. */
  async drop(app: string): Promise<number[]> {
    const replies = await this.all((_, rid) => ({ kind: "drop", rid, app }));
    return replies.flatMap((reply) => reply.members ?? []);
  }

  async retireObservers(): Promise<void> {
    await this.all((_, rid) => ({ kind: "retireObservers", rid }));
  }

  async disconnectAll(): Promise<number[]> {
    const replies = await this.all((_, rid) => ({ kind: "disconnectAll", rid }));
    return replies.flatMap((reply) => reply.members ?? []);
  }

  /** Every member's socket reconnects at once; the handshakes retried and each client's time. */
  async reconnectAll(): Promise<{ connectRetries: number; failed: number; seconds: number[] }> {
    const replies = await this.all((_, rid) => ({ kind: "reconnectAll", rid }));
    return {
      failed: replies.reduce((sum, reply) => sum + (reply.reconnect?.failed ?? 0), 0),
      connectRetries: replies.reduce(
        (sum, reply) => sum + (reply.reconnect?.connectRetries ?? 0),
        0,
      ),
      seconds: replies.flatMap((reply) => reply.reconnect?.seconds ?? []),
    };
  }

  async converge(
    truth: Record<string, Uint8Array>,
    written: { threadId: string; doc: string }[],
    timeoutMs: number,
  ): Promise<ConvergeReport> {
    const replies = await this.all((_, rid) => ({
      kind: "converge",
      rid,
      truth,
      written,
      timeoutMs,
    }));
    const total: ConvergeReport = { clients: 0, converged: 0, missing: 0, droppedAgain: 0 };
    for (const reply of replies) {
      total.clients += reply.converge?.clients ?? 0;
      total.converged += reply.converge?.converged ?? 0;
      total.missing += reply.converge?.missing ?? 0;
      total.droppedAgain += reply.converge?.droppedAgain ?? 0;
    }
    return total;
  }

  /** Clients alive in the workers (members' and observers'), as they last reported. */
  openClients(): number {
    return this.workers.reduce((sum, worker) => sum + worker.clients, 0);
  }

  /** Resident memory of the coordinator and every worker together, in MB (sampled now). */
  rssMb(): number {
    return (
      Math.round(process.memoryUsage().rss / 2 ** 20) +
      this.workers.reduce((sum, worker) => sum + worker.rssMb, 0)
    );
  }

  pids(): number[] {
    return this.workers.map((worker) => worker.child.pid ?? 0);
  }

  sample(): void {
    for (const worker of this.workers) {
      worker.rssMb = vmRssMb(worker.child.pid);
      this.memory.maxWorkerRssMb = Math.max(this.memory.maxWorkerRssMb, worker.rssMb);
    }
    this.memory.maxRssMb = Math.max(this.memory.maxRssMb, this.rssMb());
    const heap =
      Math.round(process.memoryUsage().heapUsed / 2 ** 20) +
      this.workers.reduce((sum, worker) => sum + worker.heapUsedMb, 0);
    this.memory.maxHeapMb = Math.max(this.memory.maxHeapMb, heap);
  }

  /** Stops every worker (their clients closed); kills any that does not exit within 5 s. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.sampler);
    await Promise.all(
      this.workers.map(async (worker) => {
        const { child } = worker;
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        if (child.connected) child.send({ kind: "stop" } satisfies ToWorker);
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  /** For Ctrl-C: no waiting. */
  kill(): void {
    this.running = false;
    for (const worker of this.workers) worker.child.kill("SIGKILL");
  }
}
