#!/usr/bin/env python3
"""Independent totals of Azure cost details CSV files (an oracle for Reckon's tests and fixtures).

Usage: costdetails_totals.py FILE [FILE ...]

FILE is a cost details part file (.csv or .csv.gz, MCA or EA header, with or without BOM).
Prints JSON with:
  rows                      data rows per file and in total
  costByCurrency            sum of costInBillingCurrency per billing currency (all rows)
  costAllocationRows        rows with a non-empty costAllocationRuleName
  rowsByChargeType          row counts per chargeType
  byInvoice                 per invoiceId: currency, rows and cost of rows WITHOUT costAllocationRuleName
  byLine                    per (invoiceId, invoiceSectionName, productOrderName, serviceFamily, meterName):
                            rows and cost of rows without costAllocationRuleName; sorted by key

Only the standard library is used: csv for RFC 4180 parsing and decimal for exact sums (scientific
notation such as 5.64902E-05 is accepted). Column names are matched case-insensitively, with the
EA aliases Cost / BillingCurrency / InvoiceSection.
"""

import csv
import decimal
import gzip
import io
import json
import sys

decimal.getcontext().prec = 60

ALIASES = {
    "cost": ["costinbillingcurrency", "cost"],
    "currency": ["billingcurrency", "billingcurrencycode"],
    "invoice": ["invoiceid"],
    "section": ["invoicesectionname", "invoicesection"],
    "order": ["productordername"],
    "family": ["servicefamily"],
    "meter": ["metername"],
    "rule": ["costallocationrulename"],
    "chargetype": ["chargetype"],
}


def open_text(path):
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return io.StringIO(text, newline="")


def column_indexes(header):
    lowered = [name.strip().lower() for name in header]
    result = {}
    for key, names in ALIASES.items():
        result[key] = next((lowered.index(n) for n in names if n in lowered), None)
    if result["cost"] is None:
        raise SystemExit("no costInBillingCurrency/Cost column in header")
    return result


def fmt(value):
    """Exact plain decimal text without exponent or trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def main(paths):
    rows_per_file = {}
    cost_by_currency = {}
    rows_by_charge = {}
    allocation_rows = 0
    by_invoice = {}
    by_line = {}
    total_rows = 0
    for path in paths:
        reader = csv.reader(open_text(path))
        header = next(reader, None)
        if header is None:
            rows_per_file[path] = 0
            continue
        idx = column_indexes(header)
        count = 0

        def get(row, key):
            i = idx[key]
            return row[i] if i is not None and i < len(row) else ""

        for row in reader:
            if not row:
                continue
            count += 1
            cost = decimal.Decimal(get(row, "cost") or "0")
            currency = get(row, "currency").strip().upper()
            cost_by_currency[currency] = cost_by_currency.get(currency, decimal.Decimal(0)) + cost
            charge = get(row, "chargetype")
            rows_by_charge[charge] = rows_by_charge.get(charge, 0) + 1
            if get(row, "rule"):
                allocation_rows += 1
                continue
            invoice = get(row, "invoice")
            entry = by_invoice.setdefault(invoice, {"currency": currency, "rows": 0, "cost": decimal.Decimal(0)})
            entry["rows"] += 1
            entry["cost"] += cost
            key = (invoice, get(row, "section"), get(row, "order"), get(row, "family"), get(row, "meter"))
            line = by_line.setdefault(key, {"rows": 0, "cost": decimal.Decimal(0)})
            line["rows"] += 1
            line["cost"] += cost
        rows_per_file[path] = count
        total_rows += count
    result = {
        "rows": {"total": total_rows, "files": rows_per_file},
        "costByCurrency": {k: fmt(v) for k, v in sorted(cost_by_currency.items())},
        "costAllocationRows": allocation_rows,
        "rowsByChargeType": dict(sorted(rows_by_charge.items())),
        "byInvoice": {
            k: {"currency": v["currency"], "rows": v["rows"], "cost": fmt(v["cost"])} for k, v in sorted(by_invoice.items())
        },
        "byLine": [
            {
                "invoiceId": k[0],
                "invoiceSectionName": k[1],
                "productOrderName": k[2],
                "serviceFamily": k[3],
                "meterName": k[4],
                "rows": v["rows"],
                "cost": fmt(v["cost"]),
            }
            for k, v in sorted(by_line.items())
        ],
    }
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(sys.argv[1:])
