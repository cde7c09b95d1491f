#!/usr/bin/env python3
"""Expected chargeback per cost center for fixtures/contoso-2026-10/reckon.yaml, computed
independently of Reckon with Python's csv + decimal (no YAML library: the rules of that file are
written out below by hand, in the same order).

Usage (from the repository root):
    python3 tools/oracle/allocation_expected.py fixtures/contoso-2026-10

Prints, per currency, the total and every cost center's final charge in minor units, plus the
intermediate numbers (direct cents, pool shares). Tests compare Reckon's chargeback with these.

Method (docs/allocation.md):
  * amortized export only; Azure cost-allocation rows (costAllocationRuleName) stripped;
  * tag keys matched trimmed and lower-cased, the first non-empty value wins; inherited tags fill in
    missing resource tags (resource group before subscription);
  * rules, first match wins; what nothing matches goes to `unallocated`;
  * per currency the exact total is rounded half away from zero to cents and handed out with largest
    remainder (floor, then one cent each to the largest remainders, ties by cost-center path),
    first over cost centers, then over each cost center's lines;
  * pools in order, each split with largest remainder over its weights (ties by path).
"""
import csv
import fnmatch
import glob
import json
import os
import sys
from collections import defaultdict
from decimal import Decimal, ROUND_FLOOR, ROUND_HALF_UP

month = sys.argv[1] if len(sys.argv) > 1 else "fixtures/contoso-2026-10"
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PATHS = {
    "contoso": "contoso", "us": "contoso/us", "platform": "contoso/us/platform",
    "CC-1038": "contoso/us/platform/CC-1038", "CC-1041": "contoso/us/platform/CC-1041", "CC-1044": "contoso/us/platform/CC-1044",
    "digital": "contoso/us/digital", "CC-1026": "contoso/us/digital/CC-1026", "CC-1032": "contoso/us/digital/CC-1032",
    "CC-1059": "contoso/us/digital/CC-1059", "corporate": "contoso/us/corporate", "CC-1050": "contoso/us/corporate/CC-1050",
    "CC-1023": "contoso/us/corporate/CC-1023", "IT-SHARED": "contoso/us/corporate/IT-SHARED", "uk": "contoso/uk",
    "CC-1056": "contoso/uk/CC-1056", "CC-1065": "contoso/uk/CC-1065", "CC-1029": "contoso/uk/CC-1029", "CC-1062": "contoso/uk/CC-1062",
    "unallocated": "unallocated",
}
BY_LOWER = {k.lower(): k for k in PATHS}


def path_key(cc):
    return PATHS[cc].encode()


# Service categories: FinOps toolkit Services.csv, the most common category per consumed service.
counts = defaultdict(lambda: defaultdict(int))
with open(os.path.join(root, "Sources/ReckonKit/Resources/open-data/Services.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["ServiceCategory"] and row["ConsumedService"]:
            counts[row["ConsumedService"].lower()][row["ServiceCategory"]] += 1
CATEGORY = {s: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for s, c in counts.items()}

submap = {}
with open(os.path.join(month, "subscription-map.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        submap[row["subscription_id"].strip().lower()] = row["cost_center"].strip()


def tags_of(raw):
    raw = raw.strip()
    if not raw:
        return {}
    pairs = json.loads(raw if raw.startswith("{") else "{" + raw + "}", object_pairs_hook=list)
    out = {}
    for key, value in pairs:
        k = key.strip().lower()
        v = (value if isinstance(value, str) else json.dumps(value)).strip()
        if k not in out or (out[k] == "" and v):
            out[k] = v
    return {k: v for k, v in out.items() if v}


def cost_center(row):
    sub, rg = row["subscriptionName"], row["resourceGroupName"]
    tags = tags_of(row["tags"])
    inherited = {}
    if fnmatch.fnmatch(rg.lower(), "rg-customer-support-data-*"):
        inherited["costcenter"] = "CC-1029"
    if sub == "contoso-observability-prod":
        inherited.setdefault("costcenter", "CC-1041")
    for k, v in inherited.items():
        tags.setdefault(k, v)
    if row["chargeType"] == "UnusedReservation":
        return "CC-1038", "unused"
    if sub == "contoso-shared-platform":
        return "IT-SHARED", "shared-platform"
    if row["publisherName"] == "Datadog":
        return "CC-1044", "datadog"
    day = row["date"]  # MM/dd/yyyy, October 2026
    if rg.lower() == "rg-platform-app-test" and int(day[3:5]) >= 16:
        return "CC-1041", "handover"
    if sub == "contoso-uk-hr-systems-sandbox":  # management group uk-sandboxes below uk-root
        return "CC-1062", "mg"
    value = tags.get("costcenter", "")
    if value and value.lower() in BY_LOWER:
        return BY_LOWER[value.lower()], "tag=" + value
    if fnmatch.fnmatch(rg.lower(), "rg-platform-*"):
        return "CC-1038", "rg"
    mapped = submap.get(row["SubscriptionId"].strip().lower())
    if mapped:
        return mapped, "map"
    return "unallocated", "none"


def largest_remainder_round(exacts, total):
    """exacts: list of (order key, Decimal in cents); total: int cents."""
    floors = [(k, int(v.to_integral_value(rounding=ROUND_FLOOR)), v - v.to_integral_value(rounding=ROUND_FLOOR)) for k, v in exacts]
    extra = total - sum(f for _, f, _ in floors)
    assert 0 <= extra <= len(floors)
    order = sorted(range(len(floors)), key=lambda i: (-floors[i][2], i))
    result = {k: f for k, f, _ in floors}
    for i in order[:extra]:
        result[floors[i][0]] += 1
    return result


def split(total, weights):
    """weights: list of (cc, Decimal >= 0) in path order; total: int cents."""
    sign = -1 if total < 0 else 1
    total = abs(total)
    s = sum(w for _, w in weights)
    parts, rems = [], []
    for cc, w in weights:
        q = int((total * w) // s)
        parts.append(q)
        rems.append(total * w - q * s)
    extra = total - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-rems[i], i))
    for i in order[:extra]:
        parts[i] += 1
    return {cc: sign * p for (cc, _), p in zip(weights, parts)}


(part,) = glob.glob(os.path.join(month, "costdetails/contoso-mca-amortized/*/*/part_*.csv"))
exact = defaultdict(Decimal)          # (currency, cc) -> exact
lines = defaultdict(Decimal)          # (currency, cc, line key) -> exact
compute = defaultdict(Decimal)        # (currency, cc) -> exact Compute cost
totals = defaultdict(Decimal)
with open(part, encoding="utf-8-sig", newline="") as f:
    for row in csv.DictReader(f):
        if row["costAllocationRuleName"]:
            continue
        cur = row["billingCurrency"]
        amount = Decimal(row["costInBillingCurrency"])
        cc, why = cost_center(row)
        category = CATEGORY.get(row["consumedService"].lower(), "")
        exact[(cur, cc)] += amount
        totals[cur] += amount
        lines[(cur, cc, (why, row["SubscriptionId"].lower(), row["resourceGroupName"].lower(), row["meterCategory"], category, row["chargeType"]))] += amount
        if category == "Compute":
            compute[(cur, cc)] += amount

final = defaultdict(int)
direct = {}
line_cents = {}
for cur in sorted(totals):
    whole = int((totals[cur] * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    ccs = sorted((cc for c, cc in exact if c == cur), key=path_key)
    cents = largest_remainder_round([(cc, exact[(cur, cc)] * 100) for cc in ccs], whole)
    for cc in ccs:
        keys = sorted(k for k in lines if k[0] == cur and k[1] == cc)
        per_line = largest_remainder_round([(k, lines[k] * 100) for k in keys], cents[cc])
        line_cents.update(per_line)
        direct[(cur, cc)] = cents[cc]
        final[(cur, cc)] += cents[cc]
    print(f"{cur} bill exact {totals[cur]} -> {whole} cents")

us_leaves = sorted(["CC-1038", "CC-1041", "CC-1044", "CC-1026", "CC-1032", "CC-1059", "CC-1050", "CC-1023"], key=path_key)
# 1. shared-log-analytics: IT-SHARED's Log Analytics (all of its cost) by each US leaf's compute cost.
pool1 = sum(c for (cur, cc, k), c in line_cents.items() if cur == "USD" and cc == "IT-SHARED" and k[3] == "Log Analytics")
shares1 = split(pool1, [(cc, max(Decimal(0), compute[("USD", cc)])) for cc in us_leaves])
final[("USD", "IT-SHARED")] -= pool1
for cc, v in shares1.items():
    final[("USD", cc)] += v
print("pool 1 shared-log-analytics", pool1, {k: v for k, v in shares1.items() if v},
      "weights", {cc: str(compute[("USD", cc)]) for cc in us_leaves if compute[("USD", cc)]})
# 2. support-contract: 2500.01 USD off-bill, evenly over the three US departments.
shares2 = split(250001, [(cc, Decimal(1)) for cc in sorted(["platform", "digital", "corporate"], key=path_key)])
for cc, v in shares2.items():
    final[("USD", cc)] += v
print("pool 2 support-contract", shares2)
# 3. corporate-support-by-tickets: Corporate IT's balance (what pool 2 gave it) by tickets.
pool3 = final[("USD", "corporate")]
shares3 = split(pool3, sorted([("CC-1050", Decimal(14)), ("CC-1023", Decimal(5)), ("IT-SHARED", Decimal(2))], key=lambda t: path_key(t[0])))
final[("USD", "corporate")] -= pool3
for cc, v in shares3.items():
    final[("USD", cc)] += v
print("pool 3 corporate-support-by-tickets", pool3, shares3)
# 4. uk-customer-support-logs: CC-1065's Log Analytics lines, 30/25/20 % and the remaining 25 % kept.
pool4 = sum(c for (cur, cc, k), c in line_cents.items() if cur == "GBP" and cc == "CC-1065" and k[3] == "Log Analytics")
shares4 = split(pool4, sorted([("CC-1056", Decimal(30)), ("CC-1050", Decimal(25)), ("CC-1029", Decimal(20)), ("CC-1065", Decimal(25))],
                              key=lambda t: path_key(t[0])))
final[("GBP", "CC-1065")] -= pool4
for cc, v in shares4.items():
    final[("GBP", cc)] += v
print("pool 4 uk-customer-support-logs", pool4, shares4)

print()
print("currency,cost_center,direct_cents,final_cents")
for (cur, cc) in sorted(final, key=lambda k: (k[0], path_key(k[1]))):
    print(f"{cur},{cc},{direct.get((cur, cc), 0)},{final[(cur, cc)]}")
for cur in sorted(totals):
    print(f"{cur} total charged {sum(v for (c, _), v in final.items() if c == cur)} cents")
