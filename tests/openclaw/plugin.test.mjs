// aiperture's OpenClaw plugin (examples/openclaw/plugin/index.js) under plain Node.js,
// without OpenClaw: a fake `api` object collects the handlers the plugin registers, and the
// tests call them as OpenClaw's hook runner would, with events shaped like OpenClaw's
// `PluginHookBeforeToolCallEvent` and `PluginHookToolContext`, against the real aiperture.
//
// Run by tests/cli/hooks_openclaw.rs with AIPERTURE_BIN (the binary under test),
// OPENCLAW_TEST_PROJECT (a folder with an aiperture store) and OPENCLAW_TEST_SCRATCH (a
// folder for fake programs).

import assert from "node:assert/strict";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import plugin, { toResult } from "../../examples/openclaw/plugin/index.js";

const BIN = process.env.AIPERTURE_BIN;
const PROJECT = process.env.OPENCLAW_TEST_PROJECT;
const SCRATCH = process.env.OPENCLAW_TEST_SCRATCH;

/** Register the plugin on a fake api; the handlers by hook name, with their options. */
function register(pluginConfig, runtime = {}) {
  const handlers = {};
  const warnings = [];
  const api = {
    id: "aiperture",
    pluginConfig,
    config: {},
    runtime,
    logger: { warn: (m) => warnings.push(m), info() {}, error() {}, debug() {} },
    on(name, handler, opts) {
      handlers[name] = { handler, opts };
    },
  };
  plugin.register(api);
  return { handlers, warnings };
}

function exec(command) {
  return { toolName: "exec", params: { command, workdir: "." }, toolCallId: "call_1" };
}

const ctx = { agentId: "main", sessionKey: "agent:main:main", sessionId: "s-node", toolName: "exec" };

/** A fake aiperture: a shell script with `body`. */
function fakeProgram(name, body) {
  const path = join(SCRATCH, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

test("the environment is set", () => {
  assert.ok(BIN && PROJECT && SCRATCH, "AIPERTURE_BIN, OPENCLAW_TEST_PROJECT, OPENCLAW_TEST_SCRATCH");
});

test("the plugin registers before and after tool call handlers", () => {
  assert.equal(plugin.id, "aiperture");
  const { handlers } = register({ program: BIN, cwd: PROJECT });
  assert.deepEqual(Object.keys(handlers).sort(), ["after_tool_call", "before_tool_call"]);
  // A little more than the plugin's own timeout (10 s by default).
  assert.equal(handlers.before_tool_call.opts.timeoutMs, 12_000);
  assert.ok(handlers.before_tool_call.opts.priority > 0);
});

test("a command that changes aiperture's policy is blocked", async () => {
  const { handlers } = register({ program: BIN, cwd: PROJECT });
  const r = await handlers.before_tool_call.handler(exec("echo x > .aiperture/policy.toml"), ctx);
  assert.equal(r?.block, true, JSON.stringify(r));
  assert.match(r.blockReason, /self_protection/);
});

test("an allowed command gets no opinion", async () => {
  const { handlers } = register({ program: BIN, cwd: PROJECT });
  const r = await handlers.before_tool_call.handler(exec("ls"), ctx);
  assert.equal(r, undefined, JSON.stringify(r));
});

test("a dangerous command asks OpenClaw's user", async () => {
  const { handlers } = register({ program: BIN, cwd: PROJECT });
  const r = await handlers.before_tool_call.handler(exec("git push --force origin main"), ctx);
  assert.ok(r?.requireApproval, JSON.stringify(r));
  assert.match(r.requireApproval.title, /git push --force/);
  assert.deepEqual(r.requireApproval.allowedDecisions, ["allow-once", "deny"]);
});

test("the agent's workspace is the folder whose store judges", async () => {
  const seen = [];
  const runtime = {
    agent: {
      resolveAgentWorkspaceDir: (_cfg, agentId) => {
        seen.push(agentId);
        return PROJECT;
      },
    },
  };
  const { handlers } = register({ program: BIN }, runtime);
  const r = await handlers.before_tool_call.handler(exec("rm .aiperture/policy.toml"), ctx);
  assert.equal(r?.block, true, JSON.stringify(r));
  assert.deepEqual(seen, ["main"]);
});

test("a finished run is reported", async () => {
  const { handlers, warnings } = register({ program: BIN, cwd: PROJECT });
  const event = { ...exec("make test"), durationMs: 12, result: { status: "completed" } };
  await handlers.after_tool_call.handler(event, ctx);
  assert.deepEqual(warnings, []);
});

test("a missing program blocks", async () => {
  const { handlers } = register({ program: join(SCRATCH, "no-such-aiperture"), cwd: PROJECT });
  const r = await handlers.before_tool_call.handler(exec("ls"), ctx);
  assert.equal(r?.block, true, JSON.stringify(r));
  assert.match(r.blockReason, /cannot start/);
});

test("a program that does not answer in time blocks", async () => {
  const slow = fakeProgram("slow", "sleep 30");
  const { handlers } = register({ program: slow, cwd: PROJECT, timeoutMs: 1000 });
  const started = Date.now();
  const r = await handlers.before_tool_call.handler(exec("ls"), ctx);
  assert.equal(r?.block, true, JSON.stringify(r));
  assert.match(r.blockReason, /no answer within 1000 ms/);
  assert.ok(Date.now() - started < 10_000, "the timeout held");
});

test("a failing program, or an answer that is not understood, blocks", async () => {
  for (const [name, body, why] of [
    ["crash", "echo boom >&2; exit 3", /exited with status 3: boom/],
    ["refuse", "echo 'aiperture: bad event; the call is not allowed' >&2; exit 2", /bad event/],
    ["garbage", "echo not-json", /not JSON/],
    ["array", "echo '[]'", /not a JSON object/],
    ["allow", "echo '{\"decision\":\"allow\"}'", /neither a block nor an approval/],
    ["empty-block", "echo '{\"block\":true}'", /denied by aiperture/],
  ]) {
    const { handlers } = register({ program: fakeProgram(name, body), cwd: PROJECT });
    const r = await handlers.before_tool_call.handler(exec("ls"), ctx);
    assert.equal(r?.block, true, `${name}: ${JSON.stringify(r)}`);
    assert.match(r.blockReason, why, name);
  }
});

test("a cancelled call stops waiting", async () => {
  const slow = fakeProgram("slow2", "sleep 30");
  const { handlers } = register({ program: slow, cwd: PROJECT, timeoutMs: 20_000 });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const r = await handlers.before_tool_call.handler(exec("ls"), { ...ctx, abortSignal: ac.signal });
  assert.equal(r?.block, true, JSON.stringify(r));
  assert.match(r.blockReason, /cancelled/);
});

test("only known result fields reach OpenClaw", () => {
  const r = toResult({
    code: 0,
    stdout: JSON.stringify({
      requireApproval: { title: "t", description: "d", severity: "bogus", onResolution: "x" },
      params: { command: "rm -rf /" },
    }),
    stderr: "",
  });
  assert.deepEqual(r, { requireApproval: { title: "t", description: "d", severity: "warning" } });
});
