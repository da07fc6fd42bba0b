#!/usr/bin/env python3
"""A scripted fake of three model APIs on 127.0.0.1, for driving real agents offline.

Speaks the Anthropic Messages API (`POST /v1/messages`, streaming SSE and not, and
`/v1/messages/count_tokens`), the OpenAI Responses API (`POST /v1/responses`, SSE) and the
Gemini API (`:streamGenerateContent?alt=sse`, `:generateContent`, `:countTokens`).

The script is a list of shell commands (`--command`, repeatable), run one tool call at a
time: a request that offers the agent's shell tool and carries N tool results is answered
with a call of that tool running command N while there is one; any other request (every
result is in, or a side request without tools) is answered with a short final text. The
script is stateless (it only counts results), so retried requests get the same answer.
Every request is appended to `<log-dir>/requests.jsonl`, and the text of each tool result to
`<log-dir>/tool_results.jsonl` as `{"api", "index", "text"}` (`index`: the command it
answers), so a test can read what the model was told.

The same port is also the agents' HTTPS proxy: every CONNECT, and every plain proxy request
for an absolute URL, is refused, so nothing leaves the machine.

Usage: fake_model.py --command CMD [--command CMD2 …] --log-dir DIR [--port-file FILE]
The chosen port is written to FILE (atomically) and printed on standard output.
"""

import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FINAL_TEXT = "Done."

LOCK = threading.Lock()
COUNTER = [0]


def next_id():
    with LOCK:
        COUNTER[0] += 1
        return COUNTER[0]


def append(path, record):
    line = json.dumps(record) + "\n"
    with LOCK:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line)


def text_of(value):
    """Flatten a tool result (string, list of blocks, or object) to text."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(text_of(v) for v in value)
    if isinstance(value, dict):
        if isinstance(value.get("text"), str):
            return value["text"]
        return json.dumps(value)
    return "" if value is None else json.dumps(value)


# --- Anthropic Messages -------------------------------------------------------------------


def anthropic_tool_results(body):
    out = []
    for msg in body.get("messages") or []:
        content = msg.get("content")
        if isinstance(content, list):
            for block in content:
                if isinstance(block, dict) and block.get("type") == "tool_result":
                    out.append(text_of(block.get("content")))
    return out


def anthropic_last_has_result(body):
    msgs = body.get("messages") or []
    if not msgs:
        return False
    content = msgs[-1].get("content")
    return isinstance(content, list) and any(
        isinstance(b, dict) and b.get("type") == "tool_result" for b in content
    )


def anthropic_offers(body, name):
    return any(isinstance(t, dict) and t.get("name") == name for t in body.get("tools") or [])


# --- OpenAI Responses ---------------------------------------------------------------------

RESULT_TYPES = ("function_call_output", "custom_tool_call_output", "local_shell_call_output")


def openai_tool_results(body):
    items = body.get("input")
    if not isinstance(items, list):
        return []
    return [text_of(i.get("output")) for i in items if isinstance(i, dict) and i.get("type") in RESULT_TYPES]


def openai_last_has_result(body):
    items = body.get("input")
    if not isinstance(items, list):
        return False
    tail = [i for i in items if isinstance(i, dict) and i.get("type") != "reasoning"]
    return bool(tail) and tail[-1].get("type") in RESULT_TYPES


def openai_tool_names(body):
    names = []
    for t in body.get("tools") or []:
        if isinstance(t, dict):
            names.append(t.get("name") or t.get("type"))
    return names


# --- Gemini -------------------------------------------------------------------------------


def gemini_tool_results(body):
    out = []
    for c in body.get("contents") or []:
        for p in c.get("parts") or []:
            if isinstance(p, dict) and "functionResponse" in p:
                out.append(text_of(p["functionResponse"].get("response")))
    return out


def gemini_last_has_result(body):
    contents = body.get("contents") or []
    if not contents:
        return False
    return any(isinstance(p, dict) and "functionResponse" in p for p in contents[-1].get("parts") or [])


def gemini_offers(body, name):
    for t in body.get("tools") or []:
        for d in (t or {}).get("functionDeclarations") or []:
            if d.get("name") == name:
                return True
    return False


def from_schema(schema):
    """A small value that fits a JSON schema (Gemini's upper-case types too)."""
    kind = str(schema.get("type", "object")).lower()
    if "enum" in schema and schema["enum"]:
        return schema["enum"][0]
    if kind == "object":
        props = schema.get("properties") or {}
        return {k: from_schema(v) for k, v in props.items()}
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return False
    return "user" if "speaker" in json.dumps(schema) else "done"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-model/1"

    def log_message(self, fmt, *args):  # quiet
        pass

    # The proxy side: refuse everything.
    def do_CONNECT(self):
        append(self.server.requests_log, {"method": "CONNECT", "path": self.path})
        self.refuse()

    def refuse(self):
        body = b"refused by the fake model server\n"
        self.send_response(403)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def do_GET(self):
        append(self.server.requests_log, {"method": "GET", "path": self.path})
        if self.path.startswith("http://") or self.path.startswith("https://"):
            return self.refuse()
        self.send_json(404, {"error": {"message": "not found", "code": 404}})

    do_HEAD = do_GET

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path.startswith("http://") or self.path.startswith("https://"):
            append(self.server.requests_log, {"method": "POST", "path": self.path})
            return self.refuse()
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {"unparsed": raw.decode("utf-8", "replace")}
        append(self.server.requests_log, {"method": "POST", "path": self.path, "body": body})
        path = self.path.split("?", 1)[0]
        try:
            if path.endswith("/messages/count_tokens"):
                return self.send_json(200, {"input_tokens": 100})
            if path.endswith("/messages"):
                return self.anthropic(body)
            if path.endswith("/responses"):
                return self.openai(body)
            if ":countTokens" in path:
                return self.send_json(200, {"totalTokens": 100})
            if ":streamGenerateContent" in path:
                return self.gemini(body, stream=True)
            if ":generateContent" in path:
                return self.gemini(body, stream=False)
        except (BrokenPipeError, ConnectionResetError):
            return None
        self.send_json(404, {"error": {"message": "not found: " + path, "code": 404}})

    # --- helpers

    def send_json(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def start_sse(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def sse(self, event, data):
        chunk = ""
        if event:
            chunk += "event: " + event + "\n"
        chunk += "data: " + json.dumps(data) + "\n\n"
        self.wfile.write(chunk.encode())
        self.wfile.flush()

    def note_result(self, api, last_has_result, results):
        """Log the newest tool result, if the request ends with one."""
        if last_has_result and results:
            append(self.server.results_log, {"api": api, "index": len(results) - 1, "text": results[-1]})

    def command_for(self, results):
        """The command of the next tool call, or None when the script is done."""
        n = len(results)
        return self.server.commands[n] if n < len(self.server.commands) else None

    # --- Anthropic

    def anthropic(self, body):
        n = next_id()
        model = body.get("model") or "claude-fake"
        results = anthropic_tool_results(body)
        self.note_result("anthropic", anthropic_last_has_result(body), results)
        cmd = self.command_for(results)
        call = anthropic_offers(body, "Bash") and cmd is not None
        if call:
            block = {"type": "tool_use", "id": "toolu_%04d" % n, "name": "Bash", "input": {}}
            args = {"command": cmd, "description": "Run the command"}
            stop = "tool_use"
        else:
            block = {"type": "text", "text": ""}
            stop = "end_turn"
        usage = {"input_tokens": 10, "output_tokens": 5}
        if not body.get("stream"):
            content = dict(block)
            if call:
                content["input"] = args
            else:
                content["text"] = FINAL_TEXT
            return self.send_json(200, {
                "id": "msg_%04d" % n, "type": "message", "role": "assistant", "model": model,
                "content": [content], "stop_reason": stop, "stop_sequence": None, "usage": usage,
            })
        self.start_sse()
        self.sse("message_start", {"type": "message_start", "message": {
            "id": "msg_%04d" % n, "type": "message", "role": "assistant", "model": model,
            "content": [], "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": 10, "output_tokens": 1}}})
        self.sse("content_block_start", {"type": "content_block_start", "index": 0, "content_block": block})
        if call:
            delta = {"type": "input_json_delta", "partial_json": json.dumps(args)}
        else:
            delta = {"type": "text_delta", "text": FINAL_TEXT}
        self.sse("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta})
        self.sse("content_block_stop", {"type": "content_block_stop", "index": 0})
        self.sse("message_delta", {"type": "message_delta",
                                   "delta": {"stop_reason": stop, "stop_sequence": None},
                                   "usage": {"output_tokens": 5}})
        self.sse("message_stop", {"type": "message_stop"})

    # --- OpenAI Responses

    def openai(self, body):
        n = next_id()
        results = openai_tool_results(body)
        self.note_result("openai", openai_last_has_result(body), results)
        names = openai_tool_names(body)
        item = None
        cmd = self.command_for(results)
        if cmd is not None:
            if "exec_command" in names:
                item = ("exec_command", {"cmd": cmd})
            elif "shell_command" in names:
                item = ("shell_command", {"command": cmd})
            elif "shell" in names:
                item = ("shell", {"command": ["bash", "-lc", cmd]})
        resp_id = "resp_%04d" % n
        if item:
            name, args = item
            out = {"type": "function_call", "id": "fc_%04d" % n, "call_id": "call_%04d" % n,
                   "name": name, "arguments": json.dumps(args), "status": "completed"}
        else:
            out = {"type": "message", "id": "msg_%04d" % n, "role": "assistant", "status": "completed",
                   "content": [{"type": "output_text", "text": FINAL_TEXT, "annotations": []}]}
        usage = {"input_tokens": 10, "input_tokens_details": {"cached_tokens": 0},
                 "output_tokens": 5, "output_tokens_details": {"reasoning_tokens": 0},
                 "total_tokens": 15}
        base = {"id": resp_id, "object": "response", "model": body.get("model") or "fake",
                "created_at": 0}
        self.start_sse()
        self.sse("response.created", {"type": "response.created",
                                      "response": dict(base, status="in_progress", output=[])})
        self.sse("response.output_item.added", {"type": "response.output_item.added",
                                                "output_index": 0, "item": out})
        if out["type"] == "message":
            self.sse("response.output_text.delta", {"type": "response.output_text.delta",
                                                    "item_id": out["id"], "output_index": 0,
                                                    "content_index": 0, "delta": FINAL_TEXT})
        self.sse("response.output_item.done", {"type": "response.output_item.done",
                                               "output_index": 0, "item": out})
        self.sse("response.completed", {"type": "response.completed",
                                        "response": dict(base, status="completed", output=[out],
                                                         usage=usage)})

    # --- Gemini

    def gemini(self, body, stream):
        results = gemini_tool_results(body)
        self.note_result("gemini", gemini_last_has_result(body), results)
        cmd = self.command_for(results)
        call = gemini_offers(body, "run_shell_command") and cmd is not None
        gen = body.get("generationConfig") or {}
        if call:
            part = {"functionCall": {"name": "run_shell_command",
                                     "args": {"command": cmd,
                                              "description": "Run the command"}}}
        elif gen.get("responseMimeType") == "application/json" or "responseSchema" in gen \
                or "responseJsonSchema" in gen:
            # Side requests (routing, next-speaker checks) want JSON of a given schema.
            schema = gen.get("responseJsonSchema") or gen.get("responseSchema") or {}
            part = {"text": json.dumps(from_schema(schema))}
        else:
            part = {"text": FINAL_TEXT}
        chunk = {
            "candidates": [{"content": {"role": "model", "parts": [part]},
                            "finishReason": "STOP", "index": 0}],
            "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5,
                              "totalTokenCount": 15},
            "modelVersion": "gemini-fake",
        }
        if not stream:
            return self.send_json(200, chunk)
        self.start_sse()
        self.sse(None, chunk)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--command", action="append", required=True)
    ap.add_argument("--log-dir", required=True)
    ap.add_argument("--port-file")
    args = ap.parse_args()
    os.makedirs(args.log_dir, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.commands = args.command
    server.requests_log = os.path.join(args.log_dir, "requests.jsonl")
    server.results_log = os.path.join(args.log_dir, "tool_results.jsonl")
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(str(port))
        os.replace(tmp, args.port_file)
    print(port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
