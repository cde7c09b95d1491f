#!/usr/bin/env python3
"""Reckon's benchmark harness: one command, same file, side by side with polars and duckdb.

    python3 Benchmarks/bench.py --rows 1000000            # generate (once), then time every tool
    python3 Benchmarks/bench.py --rows 10000000 --runs 1

It builds reckon in release mode, writes the input with reckon's own generator into bench-data/
(git-ignored), then times each command as a separate process with /usr/bin/time (wall seconds, CPU
seconds and peak RSS) in --runs rounds of every tool in turn, and prints a table with each tool's
median, rows/s, MB/s and the median of its ratio to polars within a round. Two floors are timed
beside them: `cat` of the file (reading it from the page cache) and `openssl dgst -sha256` of it
(the digest the close records for every input).
Reckon runs inspect, reconcile, and the whole close (ingest, reconciliation, allocation over the
generated subscription map, every report, SHA-256 evidence) twice: on the month as generated (both
exports) and on a folder of links to the ActualCost run alone (`bench-data/rows-N-seed-S-actual-only`).
polars and duckdb run only when importable (`pip install polars duckdb`); both sum the cost as exact
DECIMAL(38,18) and the script checks that every tool printed the same total.
"""
import argparse, glob, json, os, shutil, statistics, subprocess, sys, time
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

POLARS = r'''
import sys, polars as pl, glob
files = sorted(glob.glob(sys.argv[1] + "/**/*.csv", recursive=True))
q = pl.scan_csv(files, schema_overrides={"costInBillingCurrency": pl.Decimal(38, 18)}, infer_schema=False) \
      .select(["meterId", "costInBillingCurrency"]) \
      .with_columns(pl.col("costInBillingCurrency").cast(pl.Decimal(38, 18))) \
      .group_by("meterId").agg(pl.col("costInBillingCurrency").sum())
df = q.collect()
print(df["costInBillingCurrency"].sum())
'''

DUCKDB = r'''
import sys, duckdb, glob
files = sorted(glob.glob(sys.argv[1] + "/**/*.csv", recursive=True))
con = duckdb.connect(); con.execute("SET threads=2"); con.execute("SET enable_progress_bar=false")
rows = con.execute("""SELECT sum(c) FROM (SELECT meterId, sum(costInBillingCurrency) c FROM
    read_csv($files, header=true, all_varchar=false, types={'costInBillingCurrency':'DECIMAL(38,18)'})
    GROUP BY meterId)""", {"files": files}).fetchall()
print(rows[0][0])
'''


def run(cmd, env=None):
    """Runs cmd under /usr/bin/time; returns (wall s, CPU s (user + system), peak RSS MiB, stdout)."""
    t = ["/usr/bin/time", "-f", "TIME %e %U %S %M"] + cmd
    p = subprocess.run(t, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    line = [l for l in p.stderr.splitlines() if l.startswith("TIME ")][-1]
    _, wall, user, system, rss = line.split()
    return float(wall), float(user) + float(system), int(rss) / 1024, p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--gzip", action="store_true", help="also time a gzip copy against gzip -dc")
    args = ap.parse_args()

    subprocess.run(["swift", "build", "-c", "release", "--product", "reckon"], cwd=ROOT, check=True)
    reckon = os.path.join(ROOT, ".build/release/reckon")
    data = os.path.join(ROOT, "bench-data", f"rows-{args.rows}-seed-{args.seed}")
    if not os.path.exists(os.path.join(data, "README.md")):
        t0 = time.time()
        subprocess.run([reckon, "generate", "--rows", str(args.rows), "--seed", str(args.seed), "--out", data],
                       check=True)
        print(f"generated {args.rows} rows in {time.time() - t0:.1f} s into {data}")
    # The final ActualCost run: the manifest of type ActualCost with the latest submittedTime.
    runs = []
    for m in glob.glob(os.path.join(data, "costdetails", "**", "manifest.json"), recursive=True):
        j = json.load(open(m))
        if j["exportConfig"]["type"] == "ActualCost":
            runs.append((j["runInfo"]["submittedTime"], os.path.dirname(m)))
    costfiles = max(runs)[1]
    actual = sorted(glob.glob(costfiles + "/*.csv"))
    size = sum(os.path.getsize(f) for f in actual)

    # The month as generated holds both exports (ActualCost for the invoices, AmortizedCost for the
    # chargeback). A second month folder links only the final ActualCost run and the billing
    # documents: 1M rows in all, so close reads the same bytes as the group-bys (allocation then
    # uses actual cost, as it does for a customer who exports only actual cost).
    amortized_runs = []
    for m in glob.glob(os.path.join(data, "costdetails", "**", "manifest.json"), recursive=True):
        j = json.load(open(m))
        if j["exportConfig"]["type"] == "AmortizedCost":
            amortized_runs.append((j["runInfo"]["submittedTime"], os.path.dirname(m)))
    amortized = sorted(glob.glob(max(amortized_runs)[1] + "/*.csv")) if amortized_runs else []
    month_bytes = size + sum(os.path.getsize(f) for f in amortized)
    single = data + "-actual-only"
    if not os.path.exists(single):
        os.makedirs(single)
        run_dir = os.path.join(single, os.path.relpath(costfiles, data))
        os.makedirs(run_dir)
        for f in os.listdir(costfiles):
            os.symlink(os.path.join(costfiles, f), os.path.join(run_dir, f))
        for f in ["invoices.json", "transactions", "pricesheet.csv"]:
            os.symlink(os.path.join(data, f), os.path.join(single, f))
    submap = os.path.join(data, "subscription-map.csv")
    packs = os.path.join(ROOT, "bench-data", "packs")
    os.makedirs(packs, exist_ok=True)

    tools = [
        ("reckon inspect", [reckon, "inspect", costfiles, "--json", "--quiet"], None, size),
        ("reckon inspect --threads 1", [reckon, "inspect", costfiles, "--json", "--quiet", "--threads", "1"], None, size),
        ("reckon reconcile", [reckon, "reconcile", data, "--out", os.path.join(packs, "reconcile")], None, size),
        ("reckon close (actual only)", [reckon, "close", single, "--subscription-map", submap,
                                        "--out", os.path.join(packs, "actual-only")], None, size),
        ("reckon close (both exports)", [reckon, "close", data, "--subscription-map", submap,
                                         "--out", os.path.join(packs, "both")], None, month_bytes),
    ]
    env = dict(os.environ, POLARS_MAX_THREADS="2")
    try:
        import polars  # noqa: F401
        tools.append(("polars group-by (2 threads)", [sys.executable, "-c", POLARS, costfiles], env, size))
    except ImportError:
        print("polars not installed: pip install polars")
    try:
        import duckdb  # noqa: F401
        tools.append(("duckdb group-by (2 threads)", [sys.executable, "-c", DUCKDB, costfiles], None, size))
    except ImportError:
        print("duckdb not installed: pip install duckdb")
    tools.append(("cat (I/O floor)", ["sh", "-c", f"cat {' '.join(sorted(actual))} > /dev/null"], None, size))
    if shutil.which("openssl"):
        # The SHA-256 alone, as the close computes it for the manifest (OpenSSL uses the
        # processor's SHA instructions, as swift-crypto's BoringSSL does; coreutils' sha256sum
        # does not and is several times slower).
        tools.append(("openssl sha256 (digest floor)", ["sh", "-c", f"cat {' '.join(sorted(actual))} | openssl dgst -sha256 > /dev/null"], None, size))
    if args.gzip:
        # The same rows gzip-compressed (one file, gzip -6), against gzip -dc alone.
        gz = os.path.join(data, "actual.csv.gz")
        if not os.path.exists(gz):
            subprocess.run(["sh", "-c", f"cat {' '.join(sorted(actual))} | gzip -6 > {gz}"], check=True)
        tools.append(("reckon inspect (.csv.gz)", [reckon, "inspect", gz, "--json", "--quiet", "--metric", "actual"], None, size))
        tools.append(("gzip -dc (decompress only)", ["sh", "-c", f"gzip -dc {gz} > /dev/null"], None, size))

    rows = args.rows
    # Round-robin: every round runs each tool once, so the VM's slow and fast minutes fall on
    # every tool alike, and a tool's ratio to polars is taken within each round (its median is
    # the ratio printed), not between medians measured minutes apart.
    walls = {name: [] for name, *_ in tools}
    cpus = {name: [] for name, *_ in tools}
    rsss = {name: [] for name, *_ in tools}
    checks = {}
    for round_ in range(args.runs):
        for name, cmd, env_, nbytes in tools:
            wall, cpu, rss, out = run(cmd, env_)
            walls[name].append(wall)
            cpus[name].append(cpu)
            rsss[name].append(rss)
            print(f"  round {round_ + 1}: {name}: {wall:.2f} s, CPU {cpu:.2f} s, {rss:.0f} MiB", flush=True)
            if round_ > 0:
                continue
            if name.startswith("reckon inspect") and "gz" not in name:
                # Σ billed over currencies (a checksum, not money) + the allocation rows' net (they are
                # filtered by reckon, summed by the group-bys).
                report = json.loads(out)
                total = sum(Decimal(t.get("billedCost", "0")) + Decimal(t.get("costAllocationNet", "0")) for t in report["totals"])
                checks[name] = total
            elif name.startswith(("polars", "duckdb")):
                try:
                    checks[name] = Decimal(out.strip().splitlines()[-1])
                except (ArithmeticError, IndexError):
                    raise SystemExit(f"{name} printed no total:\n{out}")
    results = [(name, statistics.median(walls[name]), min(walls[name]), max(walls[name]), statistics.median(cpus[name]), max(rsss[name]), nbytes)
               for name, _, _, nbytes in tools]
    polars_name = next((name for name, *_ in tools if name.startswith("polars")), None)
    ratios = {name: statistics.median(w / p for w, p in zip(walls[name], walls[polars_name])) for name in walls} if polars_name else {}
    import platform
    print(f"\nmachine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"\n{rows:,} rows, {size / 1e6:,.0f} MB of CSV (the ActualCost run {os.path.relpath(costfiles, ROOT)}), median of {args.runs} rounds; 'vs polars' is the median of each round's ratio")
    print(f"'both exports' also reads the AmortizedCost run: {month_bytes / 1e6:,.0f} MB, {2 * rows:,} rows; MB/s and rows/s count what each tool read")
    print("CPU s is user + system time over all threads (median): on 2 cores, wall time is at least half of it")
    print(f"{'tool':32} {'wall s':>8} {'range':>13} {'CPU s':>7} {'rows/s':>12} {'MB/s':>8} {'peak MiB':>9} {'vs polars':>9}")
    for name, wall, lo, hi, cpu, rss, nbytes in results:
        ratio = f"{ratios[name]:.2f}x" if ratios else "-"
        nrows = rows * nbytes // size
        print(f"{name:32} {wall:8.2f} {lo:6.2f}-{hi:<6.2f} {cpu:7.2f} {nrows / wall:12,.0f} {nbytes / 1e6 / wall:8.0f} {rss:9.0f} {ratio:>9}")
    print("checksums (Σ cost over all rows and currencies):")
    for name, total in checks.items():
        print(f"  {name:32} {total.normalize():f}")
    if len({c.normalize() for c in checks.values()}) > 1:
        raise SystemExit("the tools disagree on the total")


if __name__ == "__main__":
    main()
