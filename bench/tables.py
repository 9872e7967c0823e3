#!/usr/bin/env python3
"""Prints the README's Performance tables (Markdown) from the JSON lines bench/run-all collected."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
bench = [r for r in rows if "run" in r and not r.get("peer_comparison") and not r.get("memory_scaling")
         and not r.get("row_formats")]

print("### Throughput (bench, -Xmx256m -XX:+UseSerialGC; cold = first run of a fresh JVM, warm = second run)\n")
print("| type | MB | level | records | requests | mean request B | max request B | out MB gzip "
      "| warm CPU s | warm wall s | floor CPU s | warm ratio | cold CPU s | cold ratio | MB/CPU-s | peak heap MB |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
cold = {(r["type"], r["size_mb"], r["level"]): r for r in bench if r["run"] == 1}
for r in (r for r in bench if r["run"] == 2):
    c = cold[(r["type"], r["size_mb"], r["level"])]
    print(f"| {r['type']} | {r['size_mb']} | {r['level']} | {r['records']:,} | {r['requests']} | {r['mean_request_bytes']:,} "
          f"| {r['max_request_bytes']:,} | {r['bytes_out_compressed'] / 1e6:.1f} | {r['cpu_s']:.2f} | {r['wall_s']:.2f} "
          f"| {r['floor_cpu_s']:.2f} | {r['ratio_to_floor']:.2f} | {c['cpu_s']:.2f} | {c['ratio_to_floor']:.2f} "
          f"| {r['mb_per_cpu_s']:.0f} | {r['peak_heap_mb']:.0f} |")

formats = [r for r in rows if r.get("row_formats")]
if formats:
    # The Logs Ingestion API's limits per data collection rule: 2 GB of data and 12,000 requests a minute.
    DCR_BYTES_PER_MINUTE = 2e9
    print("\n### Compact rows against full names (200 MB, level 6; CPU the median of the warm runs)\n")
    print("| type | rows | format | JSON B per row | JSON per text byte | requests per GB | out MB gzip | warm CPU s "
          "| CPU s per GB | peak heap MB | text TB/day per DCR |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for kind in dict.fromkeys(r["type"] for r in formats):
        for fmt in ("full", "compact"):
            runs = [r for r in formats if r["type"] == kind and r["row_format"] == fmt]
            r = runs[0]
            json_bytes = r["mean_request_bytes"] * r["requests"]
            cpu = statistics.median(x["cpu_s"] for x in runs if x["run"] > 1)
            per_text = json_bytes / r["bytes_in"]
            print(f"| {kind} | {r['rows']:,} | {fmt} | {json_bytes / r['rows']:.0f} | {per_text:.2f} "
                  f"| {r['requests'] / (r['bytes_in'] / 1e9):,.0f} | {r['bytes_out_compressed'] / 1e6:.1f} | {cpu:.2f} "
                  f"| {cpu / (r['bytes_in'] / 1e9):.1f} | {max(x['peak_heap_mb'] for x in runs):.0f} "
                  f"| {DCR_BYTES_PER_MINUTE / per_text * 1440 / 1e12:.2f} |")

peers = [r for r in rows if r.get("peer") == "python"]
if peers:
    print("\n### Against the Python peers' approach (200 MB, level 6, same run; forwarder figures from a fresh JVM)\n")
    print("| type | Python CPU s | Python peak RSS MB | Python out MB | forwarder CPU s (cold) | forwarder wall s "
          "| forwarder peak heap MB | forwarder out MB | CPU ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    ours = {r["type"]: r for r in rows if r.get("peer_comparison")}
    for p in peers:
        o = ours[p["type"]]
        print(f"| {p['type']} | {p['cpu_s']:.1f} | {p['peak_rss_mb']:.0f} | {p['bytes_out_compressed'] / 1e6:.1f} "
              f"| {o['cpu_s']:.1f} | {o['wall_s']:.1f} | {o['peak_heap_mb']:.0f} | {o['bytes_out_compressed'] / 1e6:.1f} "
              f"| {p['cpu_s'] / o['cpu_s']:.1f}x less |")

memory = [r for r in rows if r.get("memory_scaling")]
if memory:
    print("\n### Memory as the object grows (-Xmx256m, level 6)\n")
    print("| type | MB in | records | peak heap MB | vs 20 MB | CPU s | MB/CPU-s |")
    print("|---|---|---|---|---|---|---|")
    small = {r["type"]: r for r in memory if r["size_mb"] == 20}
    for r in memory:
        print(f"| {r['type']} | {r['bytes_in'] / 1e6:,.0f} | {r['records']:,} | {r['peak_heap_mb']:.0f} "
              f"| {r['peak_heap_mb'] / small[r['type']]['peak_heap_mb'] - 1:+.0%} | {r['cpu_s']:.1f} | {r['mb_per_cpu_s']:.0f} |")

starts = [r for r in rows if "coldstart" in r]
if starts:
    print("\n### Cold start (init + first event, median of 3)\n")
    print("| JVM | init ms | first event ms | total ms |")
    print("|---|---|---|---|")
    for kind in dict.fromkeys(r["coldstart"] for r in starts):
        runs = [r for r in starts if r["coldstart"] == kind]
        median = sorted(runs, key=lambda r: r["init_plus_first_event_ms"])[len(runs) // 2]
        print(f"| {kind} | {median['init_ms']} | {median['first_event_ms']} | {median['init_plus_first_event_ms']} |")
