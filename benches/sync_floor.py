#!/usr/bin/env python3
"""What one durable journal line costs the device, by how the line is written.

Each variant writes a 918-byte line (a check event's size) and `fdatasync`s it, 200 times per
round, the variants taking turns for 10 rounds (the floor drifts on a shared VM: taking turns
keeps that drift out of the comparison). Variants:

- `append`: append to a growing file (what the journal does: the file's size changes, so
  the sync also writes the inode);
- `append + early writeback`: the same, with `posix_fadvise(DONTNEED)` on the line right
  after the write (the journal's early writeback) and 30 µs of other work before the sync;
- `overwrite, pre-zeroed`: write at the next offset of a file whose blocks were written with
  zeros and synced beforehand (the size does not change; what a preallocated log pays);
- `overwrite, fallocated`: the same in a `posix_fallocate`d file (unwritten extents: the
  first write into each block converts it);
- `append, space kept beyond the end`: append (with the early writeback) to a file whose
  blocks past its end were allocated with `fallocate(FALLOC_FL_KEEP_SIZE)` (the file stays
  plain lines; its size still changes with each append).

Usage: python3 benches/sync_floor.py [DIR]   (DIR defaults to $TMPDIR or /tmp)

Prints p50, p90 and the mean of the fastest 90 % per variant, in microseconds (the time of
write + advice + sync, the 30 µs of work excluded). Linux only (`posix_fadvise`)."""
import ctypes
import os
import sys
import tempfile
import time

LINE = b"x" * 917 + b"\n"
ROUNDS = 10
PER_ROUND = 200
SIZE = 8 << 20


def keep_size(fd):
    """Allocate SIZE bytes past the end of `fd` without changing its size (Linux)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_long, ctypes.c_long]
    if libc.fallocate(fd, 1, 0, SIZE) != 0:  # 1: FALLOC_FL_KEEP_SIZE
        raise OSError(ctypes.get_errno(), "fallocate(FALLOC_FL_KEEP_SIZE)")


def spin(us):
    end = time.perf_counter() + us / 1e6
    while time.perf_counter() < end:
        pass


class Variant:
    def __init__(self, name, path, prepare, early=False, overwrite=False):
        self.name = name
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | (0 if overwrite else os.O_APPEND), 0o600)
        prepare(self.fd)
        os.fsync(self.fd)
        self.early = early
        self.overwrite = overwrite
        self.offset = 0
        self.times = []

    def step(self):
        t = time.perf_counter()
        if self.overwrite:
            os.pwrite(self.fd, LINE, self.offset)
        else:
            os.write(self.fd, LINE)
        spent = time.perf_counter() - t
        if self.early:
            t = time.perf_counter()
            os.posix_fadvise(self.fd, self.offset, len(LINE), os.POSIX_FADV_DONTNEED)
            spent += time.perf_counter() - t
            spin(30)
        t = time.perf_counter()
        os.fdatasync(self.fd)
        spent += time.perf_counter() - t
        self.times.append(spent * 1e6)
        self.offset += len(LINE)


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
    with tempfile.TemporaryDirectory(prefix="aiperture-sync-floor-", dir=base) as d:
        zeros = b"\0" * SIZE
        variants = [
            Variant("append", os.path.join(d, "a"), lambda fd: None),
            Variant("append + early writeback", os.path.join(d, "b"), lambda fd: None, early=True),
            Variant("overwrite, pre-zeroed", os.path.join(d, "c"),
                    lambda fd: os.write(fd, zeros), overwrite=True),
            Variant("overwrite, fallocated", os.path.join(d, "d"),
                    lambda fd: os.posix_fallocate(fd, 0, SIZE), overwrite=True),
            Variant("append, space kept beyond the end", os.path.join(d, "e"), keep_size,
                    early=True),
        ]
        for _ in range(ROUNDS):
            for v in variants:
                for _ in range(PER_ROUND):
                    v.step()
        print(f"900-byte line + fdatasync in {base}, {ROUNDS} rounds of {PER_ROUND} per variant, taking turns")
        print()
        print("| variant | p50 µs | p90 µs | mean of fastest 90 % µs |")
        print("|---|---:|---:|---:|")
        for v in variants:
            s = sorted(v.times)
            n = len(s)
            fast = s[: n * 9 // 10]
            print(f"| {v.name} | {s[n // 2]:.1f} | {s[n * 9 // 10]:.1f} | {sum(fast) / len(fast):.1f} |")
            os.close(v.fd)


if __name__ == "__main__":
    main()
