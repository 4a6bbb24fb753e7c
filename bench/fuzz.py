"""A seeded mutation fuzzer for `typeset preflight` and `typeset compile`.

Mutates real PDFs as qpdf and pdf.js are fuzzed (bit flips, truncation, changed
cross-reference offsets and /Length values, swapped object numbers, spliced and
duplicated byte runs), each on the file as it is and on an uncompressed copy, and
runs each mutant through preflight (both profiles, in turn) and through compile
(the mutant as a back issue with a valid sidecar). Counts, per command:

- traceback: an exception escaped `main()`, or "Traceback" was printed;
- crash: the process died (a signal, or an exit the command never makes);
- hang: a run took longer than --timeout seconds;
- left behind: compile failed and left a volume or a temporary file;
- unclean: compile wrote a volume that `qpdf --check` does not pass.

Runs happen in a worker process that may use --memory MiB (RLIMIT_AS); the
parent watches it, so a signal or a hang is charged to the mutant that caused it
and a fresh worker takes the next one. The seed is printed: the same seed, files
and options give the same mutants. Failing mutants are kept in --keep.

    python bench/fuzz.py /work/shared/corpus/pdfs/sf-0*.pdf --runs 1000 --seed 7 --keep fuzz-out
    python bench/fuzz.py A.pdf B.pdf --runs 50 --json      # a summary on stdout
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import resource
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRAND = ROOT / "issues" / "brand.yaml"
#: What starts the worker's answers (a library may print to stdout too).
MARK = "@@fuzz-result "
OUTCOMES = ("ok", "traceback", "crash", "hang", "left behind", "unclean")

# -- mutations ----------------------------------------------------------------


def _flip(data: bytearray, rng: random.Random) -> str:
    count = rng.randint(1, 8)
    for _ in range(count):
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
    return f"flipped {count} bits"


def _truncate(data: bytearray, rng: random.Random) -> str:
    at = rng.randrange(len(data) // 4, len(data))
    del data[at:]
    return f"truncated at {at}"


def _sub(pattern: bytes, data: bytearray, rng: random.Random, change: Callable[[bytes], bytes]):
    found = list(re.finditer(pattern, bytes(data)))
    if not found:
        return None
    match = rng.choice(found)
    data[match.start(1) : match.end(1)] = change(match.group(1))
    return match.start(1)


def _xref(data: bytearray, rng: random.Random) -> str:
    def change(digits: bytes) -> bytes:
        value = max(0, int(digits) + rng.choice((-1, 1)) * rng.randint(1, 5000))
        return b"%010d" % value

    at = _sub(rb"(\d{10}) \d{5} n", data, rng, change)
    return f"xref offset changed at {at}" if at is not None else _flip(data, rng)


def _length(data: bytearray, rng: random.Random) -> str:
    def change(digits: bytes) -> bytes:
        value = int(digits)
        return str(rng.choice((0, value // 2, value + rng.randint(1, 500), 2**31))).encode()

    at = _sub(rb"/Length (\d+)", data, rng, change)
    return f"/Length changed at {at}" if at is not None else _flip(data, rng)


def _swap(data: bytearray, rng: random.Random) -> str:
    found = list(re.finditer(rb"(?m)^(\d+) (\d+) obj", bytes(data)))
    if len(found) < 2:
        return _flip(data, rng)
    a, b = rng.sample(found, 2)
    first, second = (a, b) if a.start() < b.start() else (b, a)
    head = bytes(data[: first.start(1)])
    middle = bytes(data[first.end(1) : second.start(1)])
    tail = bytes(data[second.end(1) :])
    data[:] = head + second.group(1) + middle + first.group(1) + tail
    return f"swapped objects {first.group(1).decode()} and {second.group(1).decode()}"


def _splice(data: bytearray, rng: random.Random) -> str:
    start = rng.randrange(len(data))
    length = rng.randint(1, 512)
    chunk = bytes(data[start : start + length])
    at = rng.randrange(len(data))
    if rng.random() < 0.5:
        data[at:at] = chunk
        return f"copied {len(chunk)} bytes from {start} to {at}"
    del data[at : at + length]
    return f"deleted {length} bytes at {at}"


def _numbers(data: bytearray, rng: random.Random) -> str:
    """A number in the file replaced by an extreme one (counts, sizes, indexes)."""

    def change(digits: bytes) -> bytes:
        return str(rng.choice((0, -1, 2**31, 2**63, 10**9, int(digits) + 1))).encode()

    at = _sub(rb"[\s\[/]((?:\d){1,6})[\s\]/>]", data, rng, change)
    return f"number changed at {at}" if at is not None else _flip(data, rng)


MUTATIONS = (_flip, _truncate, _xref, _length, _swap, _splice, _numbers)


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    mutable = bytearray(data)
    said = [rng.choice(MUTATIONS)(mutable, rng) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
    return bytes(mutable), "; ".join(said)


def uncompressed(data: bytes) -> bytes | None:
    """The same file with its streams and objects written out plainly, so that the
    mutations reach dictionaries and content; None if qpdf cannot read it."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            out = io.BytesIO()
            pdf.save(
                out,
                compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
            )
            return out.getvalue()
    except Exception:
        return None


# -- the worker: runs mutants in-process, one JSON line per run ----------------


def _run_one(job: dict[str, str]) -> dict[str, str]:
    from typeset.cli import main

    work = Path(job["work"])
    out, err = io.StringIO(), io.StringIO()
    outcome, detail = "ok", ""
    if job["command"] == "compile":
        pdfs, target = work / "pdfs", work / "out"
        shutil.rmtree(work, ignore_errors=True)
        pdfs.mkdir(parents=True)
        shutil.copy(job["path"], pdfs / "2024-01.pdf")
        (pdfs / "2024-01.yaml").write_text(
            'number: 1\ndate: 2024-01-05\nitems:\n  - headline: "First"\n    page: 1\n',
            encoding="utf-8",
        )
        argv = ["compile", "2024", "--pdfs", str(pdfs), "-o", str(target), "--brand", job["brand"]]
    else:
        argv = ["preflight", job["path"], "--profile", job["profile"], "-q"]
    code = -1
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except BaseException as exc:  # what escaped main() is what the fuzzer looks for
        import traceback

        outcome = "traceback"
        detail = "".join(traceback.format_exception(exc))[-2000:]
    if outcome == "ok" and "Traceback" in err.getvalue():
        outcome, detail = "traceback", err.getvalue()[-2000:]
    if outcome == "ok" and code not in (0, 1):
        outcome, detail = "crash", f"exit status {code}"
    if outcome == "ok" and job["command"] == "compile":
        outcome, detail = _judge_volume(work / "out", code)
    return {"outcome": outcome, "detail": detail, "code": str(code)}


def _judge_volume(target: Path, code: int) -> tuple[str, str]:
    made = sorted(p.name for p in target.iterdir()) if target.exists() else []
    if code != 0:
        left = [name for name in made if name.endswith((".pdf", ".part")) or ".tmp" in name]
        return ("left behind", ", ".join(left)) if left else ("ok", "")
    volumes = [target / name for name in made if name.endswith(".pdf")]
    if len(volumes) != 1:
        return "unclean", f"exit 0 but the output holds {made}"
    check = subprocess.run(
        ["qpdf", "--check", str(volumes[0])], capture_output=True, text=True, timeout=300
    )
    if check.returncode != 0:
        return "unclean", (check.stdout + check.stderr)[-1000:]
    return "ok", ""


def worker(memory: int) -> None:
    if memory:
        limit = memory << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import warnings

    warnings.simplefilter("ignore")
    for line in sys.stdin:
        result = _run_one(json.loads(line))
        sys.__stdout__.write(MARK + json.dumps(result) + "\n")
        sys.__stdout__.flush()


# -- the parent: makes mutants, feeds the worker, watches it -------------------


class Worker:
    def __init__(self, memory: int) -> None:
        self.memory = memory
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> subprocess.Popen[str]:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [sys.executable, __file__, "--worker", "--memory", str(self.memory)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        return self.process

    def run(self, job: dict[str, str], timeout: float) -> dict[str, str]:
        process = self.start()
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(json.dumps(job) + "\n")
            process.stdin.flush()
        except BrokenPipeError:
            pass
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([process.stdout], [], [], max(left, 0))
            if not ready:
                self.stop()
                return {"outcome": "hang", "detail": f"no answer in {timeout:.0f} s"}
            line = process.stdout.readline()
            if not line:
                status = process.wait()
                self.process = None
                how = f"signal {-status}" if status < 0 else f"exit status {status}"
                return {"outcome": "crash", "detail": f"the worker died: {how}"}
            if line.startswith(MARK):
                answer: dict[str, str] = json.loads(line[len(MARK) :])
                return answer

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None


def fuzz(
    files: list[Path],
    *,
    runs: int,
    seed: int,
    commands: tuple[str, ...],
    timeout: float,
    memory: int,
    keep: Path | None,
    verbose: bool,
) -> dict[str, Counter[str]]:
    rng = random.Random(seed)
    counts: dict[str, Counter[str]] = {command: Counter() for command in commands}
    with tempfile.TemporaryDirectory(prefix="typeset-fuzz-") as folder:
        scratch = Path(folder)
        seeds: list[tuple[str, bytes]] = []
        for path in files:
            data = path.read_bytes()
            seeds.append((path.name, data))
            plain = uncompressed(data)
            if plain is not None:
                seeds.append((f"{path.name} (uncompressed)", plain))
        runner = Worker(memory)
        profiles = ("print", "screen")
        try:
            for run in range(runs):
                name, data = seeds[run % len(seeds)]
                mutant, how = mutate(data, rng)
                path = scratch / f"mutant-{run}.pdf"
                path.write_bytes(mutant)
                for command in commands:
                    job = {
                        "command": command,
                        "path": str(path),
                        "profile": profiles[run % 2],
                        "work": str(scratch / "compile"),
                        "brand": str(BRAND),
                    }
                    result = runner.run(job, timeout)
                    outcome = result["outcome"]
                    counts[command][outcome] += 1
                    counts[command][f"exit {result.get('code', '?')}"] += 1
                    if outcome != "ok":
                        label = f"{command} {job['profile']}" if command == "preflight" else command
                        print(
                            f"run {run}: {label}: {outcome}: {name}: {how}\n"
                            f"  {result.get('detail', '').strip()[-600:]}",
                            file=sys.stderr,
                        )
                        if keep is not None:
                            keep.mkdir(parents=True, exist_ok=True)
                            shutil.copy(path, keep / f"seed{seed}-run{run}-{command}.pdf")
                    elif verbose:
                        print(f"run {run}: {command}: ok: {name}: {how}", file=sys.stderr)
                path.unlink()
        finally:
            runner.stop()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="PDFs to mutate")
    parser.add_argument("--runs", type=int, default=100, help="mutants to make (default 100)")
    parser.add_argument("--seed", type=int, help="the random seed (default: a new one, printed)")
    parser.add_argument(
        "--commands", default="preflight,compile", help="preflight, compile or both (default)"
    )
    parser.add_argument("--timeout", type=float, default=60, help="seconds a run may take")
    parser.add_argument("--memory", type=int, default=2048, help="MiB the worker may use")
    parser.add_argument("--keep", type=Path, help="a folder for the mutants that failed")
    parser.add_argument("--json", action="store_true", help="the counts as JSON on stdout")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line per run")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.memory)
        return 0
    if not args.files:
        parser.error("name at least one PDF to mutate")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"fuzz seed {seed} (replay with --seed {seed})", file=sys.stderr, flush=True)
    commands = tuple(c.strip() for c in args.commands.split(",") if c.strip())
    start = time.monotonic()
    counts = fuzz(
        args.files,
        runs=args.runs,
        seed=seed,
        commands=commands,
        timeout=args.timeout,
        memory=args.memory,
        keep=args.keep,
        verbose=args.verbose,
    )
    took = time.monotonic() - start
    summary = {
        "seed": seed,
        "runs": args.runs,
        "seconds": round(took, 1),
        "counts": {
            command: {o: counted[o] for o in OUTCOMES} for command, counted in counts.items()
        },
        "exits": {
            command: {k: v for k, v in sorted(counted.items()) if k.startswith("exit")}
            for command, counted in counts.items()
        },
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{args.runs} mutants in {took:.0f} s (seed {seed})")
        for command, counted in counts.items():
            print(f"  {command:>9}: " + ", ".join(f"{counted[o]} {o}" for o in OUTCOMES))
            exits = ", ".join(
                f"{v} {k}" for k, v in sorted(counted.items()) if k.startswith("exit")
            )
            print(f"  {'':>9}  ({exits})")
    bad = sum(counted[o] for counted in counts.values() for o in OUTCOMES if o != "ok")
    return 1 if bad else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
