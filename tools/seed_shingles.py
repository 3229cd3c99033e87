"""Write hashes of every 8-word sequence in the seed articles to tests/data/seed_shingles.txt.

The story must share no run of eight or more words with the articles its lessons come from.
Storing hashes lets the test check that without the articles' text in this repository.
Run: python tools/seed_shingles.py [SEEDS_DIR]   (default: ../shared/seeds beside the repo)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.authoring.shingles import shingle_hashes  # noqa: E402


def main() -> int:
    """Hash the seeds' 8-word sequences."""
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
    hashes: set[str] = set()
    for path in sorted(seeds.glob("*.txt")):
        hashes |= shingle_hashes(path.read_text(encoding="utf-8"))
    out = ROOT / "tests" / "data" / "seed_shingles.txt"
    out.write_text("\n".join(sorted(hashes)) + "\n", encoding="utf-8")
    print(f"wrote {len(hashes)} hashes to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
