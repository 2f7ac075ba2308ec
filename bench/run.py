"""Run every benchmark and print its figures."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import progress

if __name__ == "__main__":
    print("== progress page ==")
    progress.main()
