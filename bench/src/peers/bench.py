"""bench-peers, Python side (written out and run by `bench-peers` (bench/)).

The API secret comes from OPENTOK_API_SECRET (never argv).

tokens KEY SID ROUNDS N WARMUP:
    per case, WARMUP calls, then ROUNDS timed rounds of N calls; prints
    `case=<name> best_ns=<f> median_ns=<f>` per case (T1 and JWT client tokens).
roundtrip URL KEY CALLS THREADS:
    CALLS create_session calls from THREADS threads, each with its own Client; prints
    `calls=N errors=N secs=F rps=F hwm_kib=N` (VmHWM of this process).
"""
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import opentok


def tokens(key, secret, sid, rounds, n, warmup):
    client = opentok.Client(key, secret)
    cases = [
        ("t1", lambda: client.generate_token(sid, use_jwt=False)),
        ("jwt", lambda: client.generate_token(sid)),
    ]
    for name, f in cases:
        for _ in range(warmup):
            f()
        samples = []
        for _ in range(rounds):
            start = time.perf_counter_ns()
            for _ in range(n):
                f()
            samples.append((time.perf_counter_ns() - start) / n)
        samples.sort()
        print(f"case={name} best_ns={samples[0]:.1f} median_ns={samples[len(samples) // 2]:.1f}", flush=True)


def hwm_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def roundtrip(url, key, secret, calls, threads):
    local = threading.local()

    def client():
        c = getattr(local, "client", None)
        if c is None:
            c = local.client = opentok.Client(key, secret, api_url=url, timeout=10)
        return c

    def one(_):
        try:
            return bool(client().create_session().session_id)
        except Exception:
            return False

    for _ in range(100):  # warm-up, sequential
        one(0)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        ok = sum(pool.map(one, range(calls)))
    secs = time.perf_counter() - start
    print(f"calls={calls} errors={calls - ok} secs={secs:.3f} rps={calls / secs:.0f} hwm_kib={hwm_kib()}", flush=True)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    secret = os.environ.get("OPENTOK_API_SECRET") or sys.exit("set OPENTOK_API_SECRET")
    if mode == "tokens":
        tokens(args[0], secret, args[1], int(args[2]), int(args[3]), int(args[4]))
    elif mode == "roundtrip":
        roundtrip(args[0], args[1], secret, int(args[2]), int(args[3]))
    else:
        sys.exit(f"unknown mode {mode}")
