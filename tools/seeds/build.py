"""Build the source corpus (`corpus/`) from the seed texts (`../shared/seeds`).

    python -m tools.seeds [--seeds DIR] [--out DIR]

The builder parses the seeds with code and writes one Markdown unit file per citable
passage (see `assistant.corpus.units`). Nothing of the law's wording is written by hand.
The output is deterministic: the same seeds give byte-identical files, and unit files left
over from an earlier run in the builder's folders are removed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.corpus.units import write_unit
from tools.seeds.builder import Builder
from tools.seeds.parse import SeedError
from tools.seeds.sources import DEFAULT_OUT, DEFAULT_SEEDS, FOLDERS


def build(seeds: Path = DEFAULT_SEEDS, out: Path = DEFAULT_OUT) -> list[Path]:
    """Parse the seeds and (re)write the builder's folders under `out`."""
    return _build(seeds, out)[1]


def _build(seeds: Path, out: Path) -> tuple[Builder, list[Path]]:
    builder = Builder(seeds)
    units = builder.build()  # parse everything before touching `out`
    for folder in FOLDERS:
        d = out / folder
        if d.is_dir():
            for old in sorted(d.glob("*.md")):
                old.unlink()
    return builder, [write_unit(unit, out / folder) for folder, unit in units]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.seeds", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help=f"seed folder (default {DEFAULT_SEEDS})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"corpus folder (default {DEFAULT_OUT})")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the seed irregularities handled")
    args = ap.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"seed-mappen findes ikke: {args.seeds}", file=sys.stderr)
        return 2
    try:
        builder, paths = _build(args.seeds, args.out)
    except SeedError as exc:
        print(f"fejl i seed: {exc}", file=sys.stderr)
        return 1
    counts: dict[str, int] = {}
    for _, u in builder.units:
        counts[u.kind] = counts.get(u.kind, 0) + 1
    print(f"{len(paths)} enheder skrevet til {args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if args.verbose:
        for line in builder.irregularities:
            print("  -", line)
    return 0
