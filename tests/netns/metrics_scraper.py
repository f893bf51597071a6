#!/usr/bin/python3
"""Scrapes l2tpd's Prometheus endpoint until a stop file appears, parsing every answer with the
Prometheus Python client's own parser, and checks what must hold of each scrape and between
scrapes:
  - the answer is 200 with the text format's media type and parses;
  - every name starts with l2tpd_; counters (and histogram counts and buckets) never go down;
  - a histogram's buckets are cumulative and its +Inf bucket equals its count.
Keeps the number of answers parsed so far in PROGRESS_FILE (for a test to await a scrape), and
at the end writes a summary as JSON: scrapes made, the largest value seen of every series, the
last scrape. Exits non-zero, saying why, on the first violation.

usage: metrics_scraper.py URL STOP_FILE SUMMARY_FILE PROGRESS_FILE
"""
import json
import os
import sys
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

MONOTONIC_TYPES = {"counter", "histogram"}


def scrape(url):
    with urllib.request.urlopen(url, timeout=5) as answer:
        if answer.status != 200:
            raise SystemExit(f"scrape answered {answer.status}")
        media = answer.headers.get("Content-Type", "")
        if not media.startswith("text/plain; version=0.0.4"):
            raise SystemExit(f"unexpected media type {media!r}")
        return answer.read().decode("utf-8")


def samples_of(text):
    """{(sample name, sorted labels): value} and {family name: type}, checking each family."""
    samples, types = {}, {}
    for family in text_string_to_metric_families(text):
        if not family.name.startswith("l2tpd_"):
            raise SystemExit(f"family without the l2tpd_ prefix: {family.name}")
        types[family.name] = family.type
        buckets = {}
        for s in family.samples:
            key = (s.name, tuple(sorted(s.labels.items())))
            samples[key] = s.value
            if s.name.endswith("_bucket"):
                series = tuple(sorted((k, v) for k, v in s.labels.items() if k != "le"))
                buckets.setdefault(series, []).append((float(s.labels["le"]), s.value))
        for series, bounds in buckets.items():
            values = [v for _, v in sorted(bounds)]
            if values != sorted(values):
                raise SystemExit(f"{family.name}{series}: buckets not cumulative: {bounds}")
            count = samples[(family.name + "_count", series)]
            if sorted(bounds)[-1][0] != float("inf") or values[-1] != count:
                raise SystemExit(f"{family.name}{series}: +Inf bucket is not the count {count}")
    return samples, types


def family_of(sample_name, types):
    for suffix in ("_bucket", "_count", "_sum", "_total", "_created"):
        if sample_name.endswith(suffix) and sample_name[: -len(suffix)] in types:
            return sample_name[: -len(suffix)]
    return sample_name


def main():
    url, stop_file, summary_file, progress_file = sys.argv[1:5]
    previous, peak, scrapes, text = {}, {}, 0, ""
    while True:
        stopping = os.path.exists(stop_file)  # one more scrape after the stop file appears
        text = scrape(url)
        samples, types = samples_of(text)
        for key, value in samples.items():
            family = family_of(key[0], types)
            if types.get(family) in MONOTONIC_TYPES and key in previous and value < previous[key]:
                raise SystemExit(f"{key} went down: {previous[key]} -> {value}")
            peak[repr(key)] = max(value, peak.get(repr(key), value))
        previous = samples
        scrapes += 1
        with open(progress_file + ".new", "w") as progress:
            progress.write(f"{scrapes}\n")
        os.replace(progress_file + ".new", progress_file)
        if stopping:
            break
        time.sleep(0.05)
    with open(summary_file, "w") as out:
        json.dump({"scrapes": scrapes, "peak": peak, "last": text}, out)


if __name__ == "__main__":
    main()
