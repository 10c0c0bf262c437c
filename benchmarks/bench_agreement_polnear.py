#!/usr/bin/env python
"""Agreement on a real corpus: token-wise Krippendorff's alpha over PolNeAR's Source, Cue and
Content, every annotator of an article at once, beside the figure its authors published.

    .venv/bin/python benchmarks/bench_agreement_polnear.py [--project P.sqlite]
        [--corpus ../shared/corpora/polnear-train]

Without --project, the training split is imported first as a user does it (``annotator import
P CORPUS --format brat --metadata CORPUS/metadata.tsv``, into a temporary folder). Then:

* what ``annotator agreement P --together --labels SOURCE,CUE,QUOTE`` prints;
* the same with the roles of PolNeAR: the import labels a Source that names someone PERSON or
  ORGANIZATION (its entity is the quote's speaker) and a vague one SOURCE, so here those three
  are one category, Source, as in the corpus;
* alpha per article (its annotators only), lowest first: where the disagreement is.

Figures are printed, never asserted. Published: 75.4% token-wise alpha between annotators
(Newell, Margolin and Ruths, LREC 2018), over their multiply annotated articles (here only the
training split's are present), on their own tokens.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.app.agreement import everyone_at_once, together_text  # noqa: E402
from annotator.app.projects import open_session  # noqa: E402
from annotator.core.agreement.group import group_alpha  # noqa: E402

CORPUS = REPO / ".." / "shared" / "corpora" / "polnear-train"
PUBLISHED = 0.754
ROLE = {"SOURCE": "Source", "PERSON": "Source", "ORGANIZATION": "Source"}
ROLE |= {"CUE": "Cue", "QUOTE": "Content"}


def imported(corpus: Path, work: Path) -> Path:
    project = work / "polnear.sqlite"
    env = {**os.environ, "ANNOTATOR_CONFIG_DIR": str(work / "config"), "ANNOTATOR_NAME": "bench"}
    command = [sys.executable, "-m", "annotator", "import", str(project), str(corpus)]
    command += ["--format", "brat", "--metadata", str(corpus / "metadata.tsv")]
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, capture_output=True, check=True)
    print(f"imported {corpus.name} in {time.perf_counter() - start:.1f} s")
    return project


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if args.project is None:
        if not (args.corpus / "attributions").is_dir():
            print(f"no PolNeAR corpus at {args.corpus.resolve()}: nothing measured")
            return 1
        args.project = imported(args.corpus.resolve(), Path(tempfile.mkdtemp(prefix="alpha-")))
    session = open_session(args.project, read_only=True)
    try:
        start = time.perf_counter()
        results = everyone_at_once(session, ["entity", "quote"], ["SOURCE", "CUE", "QUOTE"])
        took = time.perf_counter() - start
        print(together_text(results))
        print(f"  ({took:.2f} s)")
        work = session.review.spans_by_annotator(["entity", "quote"], started=True, gold=False)
        coded: dict[str, int] = {}
        for spans in work.values():
            for doc in spans:
                coded[doc] = coded.get(doc, 0) + 1
        texts = {doc: session.document(doc).text for doc, n in coded.items() if n >= 2}
        titles = {doc: session.document(doc).title for doc in texts}
    finally:
        session.close()
    roles = {
        name: {
            doc: [(s, e, layer, ROLE[label]) for s, e, layer, label in spans if label in ROLE]
            for doc, spans in docs.items()
        }
        for name, docs in work.items()
    }
    merged = group_alpha(texts, roles)
    shown = ", ".join(f"{k} {v:.3f}" for k, v in merged.by_label.items() if v is not None)
    print(
        f"PolNeAR's roles (Source = SOURCE, PERSON or ORGANIZATION): alpha {merged.alpha:.3f} "
        f"({shown}) over {merged.tokens} tokens of {merged.documents} articles"
    )
    who = "Newell et al. 2018, their multiply annotated articles, their tokens"
    print(f"published ({who}): {PUBLISHED:.3f}")
    print("per article (its own annotators), lowest first:")
    per_article = []
    for doc, text in texts.items():
        one = group_alpha({doc: text}, roles)
        per_article.append((one.alpha if one.alpha is not None else -1.0, doc, one))
    for alpha, doc, one in sorted(per_article):
        print(
            f"  {alpha:6.3f}  {len(one.annotators)} annotators  {one.tokens:5d} tokens  "
            f"{titles[doc][:70]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
