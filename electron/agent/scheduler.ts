/**
 * Work the agent does on its own, on a timer, besides export expiry (which has exact timers of its own):
 * renewing export leases now, and the access flow's request/grant polling when it lands (it registers a
 * task in tasks.ts). A task that has work in flight says so through `pending()`, which keeps the agent
 * from exiting when idle.
 */
export interface AgentTask {
  name: string;
  everyMs: number;
  run(): Promise<void>;
  /** Something still to happen (a request awaiting approval, a grant to pick up): the agent must stay. */
  pending?(): Promise<boolean> | boolean;
}

export interface AgentScheduler {
  /** Starts the task (first run after `everyMs`); returns a function that removes it. */
  register(task: AgentTask): () => void;
  pending(): Promise<boolean>;
  stop(): void;
}

/** Runs never overlap per task; a failure is logged by its message (never a value) and the task goes on. */
export function createScheduler(log: (line: string) => void): AgentScheduler {
  const tasks = new Map<AgentTask, NodeJS.Timeout | null>();
  let stopped = false;

  const plan = (task: AgentTask) => {
    if (stopped || !tasks.has(task)) return;
    const timer = setTimeout(() => {
      tasks.set(task, null);
      task.run()
        .catch((error: unknown) => log(`task ${task.name} failed: ${error instanceof Error ? error.message : 'unknown error'}`))
        .finally(() => plan(task));
    }, task.everyMs);
    timer.unref();
    tasks.set(task, timer);
  };

  return {
    register(task) {
      tasks.set(task, null);
      plan(task);
      return () => {
        const timer = tasks.get(task);
        if (timer) clearTimeout(timer);
        tasks.delete(task);
      };
    },
    async pending() {
      for (const task of tasks.keys()) if (await task.pending?.()) return true;
      return false;
    },
    stop() {
      stopped = true;
      for (const timer of tasks.values()) if (timer) clearTimeout(timer);
      tasks.clear();
    },
  };
}
