"""Drive `aiperture mcp-serve` with the official Python MCP SDK (`mcp` 2.x) over stdio.

Usage: conformance.py AIPERTURE_BINARY STORE_DIR [MODE ...]

For each mode (default: legacy, 2026-07-28, auto) the SDK's `Client` spawns
`AIPERTURE_BINARY --store STORE_DIR mcp-serve`, connects in that mode, lists the tools and calls
check_permission and verify_chain; in legacy mode it also calls every other read-only tool and
the error paths. The SDK itself validates every successful result's `structuredContent`
against the tool's `outputSchema`, so a result that does not fit its schema fails here.
Prints one JSON line per mode on standard output and exits 0 when everything held, 1 with the
reason otherwise. Run by tests/cli/mcp.rs with the venv that .ci/run creates under target/.
"""

import asyncio
import json
import os
import sys

from importlib.metadata import version

import anyio
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

SDK_VERSION = version("mcp")

EXPECTED_TOOLS = {
    "check_permission",
    "explain_action",
    "get_permission_patterns",
    "list_auto_approved_patterns",
    "report_tool_execution",
    "get_compliance_report",
    "store_artifact",
    "verify_artifact",
    "get_cost_summary",
    "get_audit_trail",
    "verify_chain",
    "get_config",
}

EXPECTED_VERSION = {"legacy": "2025-11-25", "2026-07-28": "2026-07-28", "auto": "2026-07-28"}


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)


def structured(result, name):
    check(not result.is_error, f"{name} failed: {result.content}")
    data = result.structured_content
    check(isinstance(data, dict), f"{name}: no structuredContent")
    text = [c.text for c in result.content if getattr(c, "type", "") == "text"]
    check(len(text) == 1, f"{name}: expected one text block, got {result.content}")
    check(json.loads(text[0]) == data, f"{name}: the text block is not the structured JSON")
    return data


async def one_mode(binary, store, mode):
    params = StdioServerParameters(
        command=binary,
        args=["--store", store, "mcp-serve"],
        env={k: v for k, v in os.environ.items() if k.startswith(("HOME", "XDG_", "AIPERTURE_"))},
    )
    report = {"mode": mode}
    with anyio.fail_after(60):
        async with Client(params, mode=mode, read_timeout_seconds=30) as client:
            report["protocol_version"] = client.protocol_version
            check(
                client.protocol_version == EXPECTED_VERSION[mode],
                f"negotiated {client.protocol_version}, expected {EXPECTED_VERSION[mode]}",
            )
            if mode == "auto":
                check(client.session.discover_result is not None, "auto did not use server/discover")
            if mode != "2026-07-28":
                # A pinned version adopts a synthesized discover result (no capabilities, no
                # server info) without asking the server, so only the other modes can check.
                info = client.server_info
                check(info is not None and info.name == "aiperture", f"server info {info}")
                caps = client.server_capabilities
                check(caps.tools is not None, f"no tools capability: {caps}")

            listed = await client.list_tools()
            names = {t.name for t in listed.tools}
            check(names == EXPECTED_TOOLS, f"tools {sorted(names)}")
            for t in listed.tools:
                check(t.input_schema.get("type") == "object", f"{t.name}: inputSchema")
                check(t.output_schema and t.output_schema.get("type") == "object", f"{t.name}: outputSchema")
            report["tools"] = len(names)

            verdict = structured(
                await client.call_tool(
                    "check_permission",
                    {"tool": "shell", "action": "execute", "scope": "git status", "session_id": f"py-{mode}"},
                ),
                "check_permission",
            )
            check(verdict["decision"] in ("allow", "deny", "ask"), f"verdict {verdict}")
            check(verdict["risk"]["tier"] == "low", f"risk {verdict['risk']}")
            if verdict["decision"] != "allow":
                check(str(verdict["challenge_id"]).startswith("ch_"), f"challenge {verdict}")
            report["decision"] = verdict["decision"]

            chain = structured(await client.call_tool("verify_chain", {}), "verify_chain")
            check(chain["intact"] is True, f"chain {chain}")
            check(chain["last_seq"] >= verdict["seq"], f"chain {chain} vs check {verdict['seq']}")
            report["last_seq"] = chain["last_seq"]

            if mode == "legacy":
                await legacy_extras(client)
    return report


async def legacy_extras(client):
    """Every other read-only tool's happy path, and the error paths, through the SDK."""
    for name, args in [
        ("explain_action", {"tool": "shell", "action": "execute", "scope": "rm -rf build | tee x"}),
        ("get_permission_patterns", {}),
        ("list_auto_approved_patterns", {}),
        ("get_compliance_report", {}),
        ("get_cost_summary", {"by": "model"}),
        ("get_audit_trail", {"limit": 5}),
        ("get_config", {}),
    ]:
        structured(await client.call_tool(name, args), name)
    stored = structured(
        await client.call_tool("store_artifact", {"content": "hello", "cost_usd": 0.25}),
        "store_artifact",
    )
    verified = structured(
        await client.call_tool("verify_artifact", {"artifact_id": stored["artifact_id"][:12]}),
        "verify_artifact",
    )
    check(verified["verification_status"] == "verified", f"verify {verified}")
    bad = await client.call_tool("check_permission", {"tool": "shell", "action": "execute"})
    check(bad.is_error, "a missing argument must be an isError result")
    try:
        await client.call_tool("no_such_tool", {})
    except MCPError as e:
        check(e.code == -32602, f"unknown tool gave {e.code}")
    else:
        raise Failed("an unknown tool must be a JSON-RPC error")


def leaf(e):
    """The innermost exception of task-group wrappers, as text."""
    while isinstance(e, BaseExceptionGroup) and e.exceptions:
        e = e.exceptions[0]
    return f"{type(e).__name__}: {e}"


async def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, store = sys.argv[1], sys.argv[2]
    modes = sys.argv[3:] or ["legacy", "2026-07-28", "auto"]
    failed = False
    for mode in modes:
        try:
            report = await one_mode(binary, store, mode)
            report["ok"] = True
        except Exception as e:  # every failure is reported, with the SDK's own message
            report = {"mode": mode, "ok": False, "error": leaf(e)}
            failed = True
        report["sdk"] = SDK_VERSION
        print(json.dumps(report), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
