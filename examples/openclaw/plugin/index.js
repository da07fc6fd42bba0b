// aiperture's OpenClaw plugin: before every tool call it runs `aiperture hook openclaw`
// with the call as JSON on standard input and turns the answer into OpenClaw's result
// (nothing: no opinion; `block`: refused; `requireApproval`: OpenClaw asks its user). After
// the call it reports the run, so an approval given in OpenClaw is recorded by aiperture.
//
// Fail closed: when aiperture cannot be started, exits with an error, takes longer than
// `timeoutMs`, or answers something this plugin does not understand, the call is blocked.
//
// Plain JavaScript (ES module), no dependencies, no build step. Installed and enabled by
// `aiperture setup openclaw`; configured under `plugins.entries.aiperture.config`:
// `program` (the aiperture binary, absolute path), `cwd` (the project whose `.aiperture`
// store judges; default: the agent's workspace), `timeoutMs` (default 10000).

import { spawn } from "node:child_process";
import { homedir } from "node:os";

/** How long one answer may take by default. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Longest output read from aiperture. */
const MAX_OUTPUT = 1 << 20;

/** `~` and `~/…` expanded. */
function expandHome(p) {
  if (p === "~") return homedir();
  if (p.startsWith("~/")) return homedir() + p.slice(1);
  return p;
}

/** The folder whose store judges the call: the configured one, else the agent's workspace. */
export function workspaceOf(api, ctx, config) {
  if (typeof config.cwd === "string" && config.cwd.trim() !== "") return expandHome(config.cwd);
  try {
    const resolve = api?.runtime?.agent?.resolveAgentWorkspaceDir;
    if (typeof resolve === "function" && typeof ctx?.agentId === "string") {
      const dir = resolve(api.config, ctx.agentId);
      if (typeof dir === "string" && dir !== "") return dir;
    }
  } catch {
    // Fall through to the configured default.
  }
  const fallback = api?.config?.agents?.defaults?.workspace;
  return typeof fallback === "string" && fallback !== "" ? expandHome(fallback) : undefined;
}

/** The JSON object `aiperture hook openclaw` reads, from OpenClaw's event and context. */
export function toEvent(name, event, ctx, cwd) {
  const out = {
    hook_event_name: name,
    session_id: ctx?.sessionId ?? ctx?.sessionKey ?? "",
    tool_name: event?.toolName ?? ctx?.toolName ?? "",
    tool_input: event?.params ?? {},
  };
  if (cwd !== undefined) out.cwd = cwd;
  const optional = {
    session_key: ctx?.sessionKey,
    agent_id: ctx?.agentId,
    run_id: event?.runId ?? ctx?.runId,
    tool_call_id: event?.toolCallId ?? ctx?.toolCallId,
    tool_kind: event?.toolKind ?? ctx?.toolKind,
    derived_paths: event?.derivedPaths,
    error: event?.error,
    duration_ms: event?.durationMs,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Run `program hook openclaw` with `payload` on standard input. Resolves (never rejects) to
 * `{ code, stdout, stderr, failure }`, where `failure` says why there is no usable exit code
 * (could not start, timed out, cancelled, too much output).
 */
export function runAiperture({ program, cwd, timeoutMs, signal }, payload) {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let failure;
    let done = false;
    let child;
    const finish = (code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener?.("abort", onAbort);
      resolve({ code, stdout, stderr, failure });
    };
    const stop = (why) => {
      failure ??= why;
      try {
        child?.kill("SIGKILL");
        // A grandchild may still hold the pipes: stop listening to them.
        child?.stdout?.destroy();
        child?.stderr?.destroy();
        child?.stdin?.destroy();
      } catch {
        // Already gone.
      }
      finish(null);
    };
    const onAbort = () => stop("the tool call was cancelled");
    const timer = setTimeout(() => stop(`no answer within ${timeoutMs} ms`), timeoutMs);
    try {
      child = spawn(program, ["hook", "openclaw"], {
        cwd,
        stdio: ["pipe", "pipe", "pipe"],
        windowsHide: true,
      });
    } catch (e) {
      failure = `cannot start ${program}: ${e?.message ?? e}`;
      finish(null);
      return;
    }
    signal?.addEventListener?.("abort", onAbort, { once: true });
    child.on("error", (e) => {
      failure ??= `cannot start ${program}: ${e?.message ?? e}`;
      finish(null);
    });
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      stdout += d;
      if (stdout.length > MAX_OUTPUT) stop("its answer is too large");
    });
    child.stderr.on("data", (d) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });
    child.on("close", (code) => finish(code));
    // A child that exits before reading everything closes the pipe: not an error here.
    child.stdin.on("error", () => {});
    child.stdin.end(JSON.stringify(payload));
  });
}

/** A blocking result with `reason`. */
function block(reason) {
  return { block: true, blockReason: reason };
}

/** The `before_tool_call` result for one run of aiperture (`undefined`: no opinion). */
export function toResult(run) {
  const why = (text) => {
    const detail = (run.stderr ?? "").trim().slice(0, 2000);
    return `aiperture: ${text}${detail ? `: ${detail}` : ""}; the call is not allowed`;
  };
  if (run.failure) return block(why(run.failure));
  if (run.code !== 0) {
    const detail = (run.stderr ?? "").trim();
    // aiperture's own refusal (exit 2) already says why and that the call is not allowed.
    if (run.code === 2 && detail) return block(detail.slice(0, 2000));
    return block(why(`exited with status ${run.code}`));
  }
  const text = (run.stdout ?? "").trim();
  if (text === "") return undefined;
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    return block(why("its answer is not JSON"));
  }
  if (answer === null || typeof answer !== "object" || Array.isArray(answer)) {
    return block(why("its answer is not a JSON object"));
  }
  if (answer.block === true) {
    const reason = typeof answer.blockReason === "string" ? answer.blockReason : "";
    return block(reason || "denied by aiperture");
  }
  const ask = answer.requireApproval;
  if (ask && typeof ask === "object" && typeof ask.title === "string") {
    const out = {
      title: ask.title,
      description: typeof ask.description === "string" ? ask.description : ask.title,
      severity: ["info", "warning", "critical"].includes(ask.severity) ? ask.severity : "warning",
    };
    if (Array.isArray(ask.allowedDecisions)) out.allowedDecisions = ask.allowedDecisions;
    if (Number.isInteger(ask.timeoutMs) && ask.timeoutMs > 0) out.timeoutMs = ask.timeoutMs;
    return { requireApproval: out };
  }
  return block(why("its answer is neither a block nor an approval request"));
}

/** The plugin's options from `plugins.entries.aiperture.config`. */
export function optionsOf(config) {
  const program =
    typeof config.program === "string" && config.program.trim() !== ""
      ? expandHome(config.program)
      : "aiperture";
  const timeoutMs =
    Number.isInteger(config.timeoutMs) && config.timeoutMs > 0
      ? config.timeoutMs
      : DEFAULT_TIMEOUT_MS;
  return { program, timeoutMs };
}

const plugin = {
  id: "aiperture",
  name: "aiperture",
  description: "Asks aiperture before every tool call: allow, block, or ask the user",
  register(api) {
    const config = api.pluginConfig ?? {};
    const { program, timeoutMs } = optionsOf(config);
    // OpenClaw blocks a call whose before_tool_call handler outlives its budget (15 s by
    // default); this handler answers within its own timeout, so give it a little more.
    const budget = timeoutMs + 2_000;
    api.on(
      "before_tool_call",
      async (event, ctx) => {
        const cwd = workspaceOf(api, ctx, config);
        const payload = toEvent("before_tool_call", event, ctx, cwd);
        const run = await runAiperture(
          { program, cwd, timeoutMs, signal: ctx?.abortSignal },
          payload,
        );
        return toResult(run);
      },
      // First: a block is final, and a first approval request freezes the parameters.
      { priority: 10_000, timeoutMs: budget },
    );
    api.on(
      "after_tool_call",
      async (event, ctx) => {
        const cwd = workspaceOf(api, ctx, config);
        const run = await runAiperture(
          { program, cwd, timeoutMs },
          toEvent("after_tool_call", event, ctx, cwd),
        );
        if (run.failure || run.code !== 0) {
          api.logger?.warn?.(
            `aiperture: the run of ${event?.toolName} was not recorded: ${
              run.failure ?? `exit ${run.code}`
            } ${(run.stderr ?? "").trim()}`,
          );
        }
      },
      { timeoutMs: budget },
    );
  },
};

export default plugin;
