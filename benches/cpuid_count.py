#!/usr/bin/env python3
"""Count the CPUID instructions one process executes, by object (dynamic loader, libc, program).

Where a hypervisor traps CPUID (each one a VM exit: about 9 µs on the VMs BENCHMARKS.md was
measured on), every CPUID a process runs at start is part of its floor, whatever the program
does. This script finds each CPUID instruction in the program, the dynamic loader and libc
with `objdump -d`, runs the command under gdb with a breakpoint on each (breakpoints that
count and continue), and prints how many ran in each object.

Usage: python3 benches/cpuid_count.py BINARY [ARGS...]
Needs: gdb (with Python), objdump, readelf. x86-64 Linux only; works for dynamically and
statically linked programs. The command reads this script's standard input; its output is discarded.
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile

GDB_SCRIPT = r"""
set pagination off
set confirm off
set args ARGS > /dev/null
starti
python
import gdb, json, os

sites = json.load(open(SITES))
fixed = set(json.load(open(FIXED)))
counts = {}

class Count(gdb.Breakpoint):
    def __init__(self, where, tag):
        super().__init__(where, internal=True)
        self.tag = tag
    def stop(self):
        counts[self.tag] = counts.get(self.tag, 0) + 1
        return False

def bases():
    out = {}
    for line in gdb.execute("info proc mappings", to_string=True).splitlines():
        p = line.split()
        if len(p) >= 6 and p[-1].startswith("/"):
            path = os.path.realpath(p[-1])
            # The first mapping of a file is at its offset 0 for these objects.
            out.setdefault(path, int(p[0], 16) - int(p[3], 16))
    return out

armed = set()
def arm():
    b = bases()
    for path, addrs in sites.items():
        if path in b and path not in armed:
            armed.add(path)
            # A position-dependent executable's addresses are already where it runs.
            base = 0 if path in fixed else b[path]
            for a in addrs:
                Count("*0x%x" % (base + a), os.path.basename(path))

arm()
# libc is mapped by the loader: arm it at the program's entry point, before main.
entry = None
for line in gdb.execute("info files", to_string=True).splitlines():
    if "Entry point:" in line:
        entry = int(line.split(":")[1].strip(), 16)
pc = int(gdb.parse_and_eval("$pc"))
if entry is not None and entry != pc:
    # Stop there (breakpoints cannot be made inside another's stop callback), arm, go on.
    at_entry = gdb.Breakpoint("*0x%x" % entry, internal=True)
    gdb.execute("continue", to_string=True)
    at_entry.delete()
    if gdb.selected_inferior().pid != 0:
        arm()
if gdb.selected_inferior().pid != 0:
    gdb.execute("continue", to_string=True)
print("CPUID_COUNTS " + json.dumps(counts, sort_keys=True))
end
"""


def cpuid_sites(path):
    out = subprocess.run(["objdump", "-d", path], capture_output=True, text=True, check=True)
    sites = []
    for line in out.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[2].strip().startswith("cpuid"):
            sites.append(int(parts[0].strip().rstrip(":"), 16))
    return sites


def position_dependent(path):
    out = subprocess.run(["readelf", "-h", path], capture_output=True, text=True, check=True)
    return any(l.split(":")[0].strip() == "Type" and "EXEC" in l for l in out.stdout.splitlines())


def linked_objects(binary):
    out = subprocess.run(["ldd", binary], capture_output=True, text=True)
    objs = []
    for line in out.stdout.splitlines():
        line = line.strip()
        path = line.split("=>")[-1].split("(")[0].strip()
        if path.startswith("/") and ("ld-linux" in path or "libc.so" in path):
            objs.append(os.path.realpath(path))
    return objs


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary = os.path.realpath(sys.argv[1])
    sites = {binary: cpuid_sites(binary)}
    for obj in linked_objects(binary):
        sites[obj] = cpuid_sites(obj)
    with tempfile.TemporaryDirectory() as tmp:
        sites_file = os.path.join(tmp, "sites.json")
        with open(sites_file, "w") as f:
            json.dump(sites, f)
        fixed_file = os.path.join(tmp, "fixed.json")
        with open(fixed_file, "w") as f:
            json.dump([p for p in sites if position_dependent(p)], f)
        script = os.path.join(tmp, "count.gdb")
        with open(script, "w") as f:
            # gdb starts the program through a shell: each argument quoted for it.
            args = " ".join(shlex.quote(a) for a in sys.argv[2:])
            f.write(GDB_SCRIPT.replace("SITES", repr(sites_file))
                    .replace("FIXED", repr(fixed_file)).replace("ARGS", args))
        # The program reads this script's standard input (a hook event, say).
        out = subprocess.run(["gdb", "-q", "-batch", "-x", script, binary],
                             capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("CPUID_COUNTS "):
            counts = json.loads(line[len("CPUID_COUNTS "):])
            total = sum(counts.values())
            for name, n in sorted(counts.items()):
                print(f"{name}: {n}")
            print(f"total: {total} CPUID instructions "
                  f"({sum(len(v) for v in sites.values())} sites in "
                  f"{', '.join(os.path.basename(p) for p in sites)})")
            return 0
    print("gdb did not report counts:\n" + out.stdout[-2000:] + out.stderr[-2000:], file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
