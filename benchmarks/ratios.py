#!/usr/bin/env python3
"""Runs bench_sqlite_vs_raw and prints piccolo/raw for each pair (medians).

  python3 benchmarks/ratios.py [--binary PATH] [--repetitions N] [--time cpu|real]
                               [--save FILE.json] [--from FILE.json] [--goal 1.05]
                               [--callgrind] [-- extra Google Benchmark flags]

Benchmarks are named CASE/raw and CASE/piccolo_<how>; each piccolo variant is divided
by the raw run of its case. Repetitions are randomly interleaved so that a change in
machine load hits both sides of a pair alike. Standard library only.

--callgrind counts instructions instead of time: each case runs once (one iteration,
PICCOLO_BENCH_ITERATIONS=1) under valgrind --tool=callgrind, collecting only inside its
function bench::CASE_VARIANT. Instruction counts do not move with machine load, so they
show piccolo's own overhead on a busy machine; they are not a substitute for time.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BINARY = os.path.join(HERE, "..", "build", "bench", "benchmarks", "bench_sqlite_vs_raw")


def run(binary, repetitions, extra):
    command = [
        binary,
        "--benchmark_format=json",
        f"--benchmark_repetitions={repetitions}",
        "--benchmark_enable_random_interleaving=true",
        "--benchmark_report_aggregates_only=true",
        *extra,
    ]
    print("$ " + " ".join(command), file=sys.stderr)
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout)


def list_cases(binary, extra):
    done = subprocess.run([binary, "--benchmark_list_tests=true", *extra], check=True,
                          stdout=subprocess.PIPE, text=True,
                          env=dict(os.environ, PICCOLO_BENCH_ITERATIONS="1"))
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def callgrind_counts(binary, extra, keep):
    """{(case, variant): (instructions per item, 'instr')} measured under callgrind."""
    out = {}
    with tempfile.TemporaryDirectory() as scratch:
        tmp = keep or scratch
        os.makedirs(tmp, exist_ok=True)
        for name in list_cases(binary, extra):
            if "/" not in name:
                continue
            case, variant = name.split("/")[:2]
            out_file = os.path.join(tmp, f"{case}_{variant}.out")
            command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}",
                       f"--toggle-collect=bench::{case}_{variant}(benchmark::State&)", binary,
                       f"--benchmark_filter=^{re.escape(case)}/{re.escape(variant)}/",
                       "--benchmark_format=json"]
            print("$ PICCOLO_BENCH_ITERATIONS=1 " + " ".join(command), file=sys.stderr)
            done = subprocess.run(command, check=True, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True,
                                  env=dict(os.environ, PICCOLO_BENCH_ITERATIONS="1"))
            report = json.loads(done.stdout)
            bench = report["benchmarks"][0]
            iterations = bench["iterations"]
            with open(out_file) as f:
                total = next(int(line.split()[1]) for line in f if line.startswith("summary:"))
            per_iteration_items = ITEMS.get(case, 1)
            out[(case, variant)] = (total / (iterations * per_iteration_items), "instr")
    return out


# Items one iteration of each case processes (rows, lookups; 1 for a report and build_query).
ITEMS = {"insert_100k": 100_000, "upsert_100k": 100_000, "select_100k": 100_000, "get_50k": 50_000,
         "name_50k": 50_000, "group_by_report": 1}


def medians(report, which):
    """{(case, variant): (median time, unit)} from the 'median' aggregates (or single runs)."""
    out = {}
    for b in report["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"])
        parts = name.split("/")
        if len(parts) < 2:
            continue
        out[(parts[0], parts[1])] = (b[f"{which}_time"], b["time_unit"])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--time", choices=["cpu", "real"], default="cpu")
    parser.add_argument("--save", help="write the benchmark's JSON here")
    parser.add_argument("--from", dest="source", help="read a saved JSON instead of running")
    parser.add_argument("--goal", type=float, default=1.05)
    parser.add_argument("--callgrind", action="store_true",
                        help="count instructions under valgrind instead of timing")
    parser.add_argument("--keep", help="with --callgrind: keep the callgrind.out files in this folder")
    parser.add_argument("extra", nargs="*", help="passed to the benchmark binary (after --)")
    args = parser.parse_args()

    if args.callgrind:
        print_table(callgrind_counts(args.binary, args.extra, args.keep), args.goal,
                    "instructions per item under callgrind (one run)")
        return
    if args.source:
        with open(args.source) as f:
            report = json.load(f)
    else:
        report = run(args.binary, args.repetitions, args.extra)
        if args.save:
            with open(args.save, "w") as f:
                json.dump(report, f, indent=1)

    times = medians(report, args.time)
    context = report.get("context", {})
    print_table(times, args.goal,
                f"{context.get('num_cpus', '?')} CPUs, load average {context.get('load_avg', '?')}, "
                f"{args.repetitions} repetitions, median {args.time} time")


def print_table(times, goal, title):
    print(title)
    print()
    print(f"| case | piccolo | raw | piccolo/raw |")
    print(f"|---|---:|---:|---:|")
    worst = 0.0
    order = list(ITEMS) + ["build_query"]
    rank = lambda key: (order.index(key[0]) if key[0] in order else len(order), key)
    for (case, variant), (t, unit) in sorted(times.items(), key=lambda kv: rank(kv[0])):
        if variant == "raw":
            continue
        if (case, "raw") not in times:
            continue
        raw_t, raw_unit = times[(case, "raw")]
        assert unit == raw_unit, (case, unit, raw_unit)
        ratio = t / raw_t
        worst = max(worst, ratio)
        mark = "" if ratio <= goal else "  (above goal)"
        print(f"| {case}/{variant} | {t:.3f} {unit} | {raw_t:.3f} {unit} | {ratio:.3f}{mark} |")
    print()
    print(f"worst ratio {worst:.3f} (goal <= {goal})")


if __name__ == "__main__":
    main()
