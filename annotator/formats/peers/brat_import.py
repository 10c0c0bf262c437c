"""brat standoff in: a corpus (folders, or ``.txt`` and ``.ann`` files) read into native records,
one per ``.ann`` file (one annotator's work on one document), with a report of everything that
was not taken (``brat_map.Unmapped``: counts by kind, with places ``FILE:LINE``).

``open_brat`` does what can be refused before anything is read (the annotator pattern, the
metadata table, a corpus without ``.ann`` files) and chooses the mapping; ``BratCorpus.records``
then reads file after file. A file or line that cannot be read is reported, never a reason to
refuse the rest of the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.links import Entity
from annotator.core.model import Annotator, Layer, document_size_refusal, text_sha256
from annotator.formats.peers.brat_corpus import (
    Metadata,
    Pair,
    annotator_pattern,
    pairs,
    read_metadata,
)
from annotator.formats.peers.brat_map import (
    MAPPINGS,
    PLAIN,
    POLNEAR_LABELS,
    Target,
    Unmapped,
    choose_mapping,
    new_registry,
)
from annotator.formats.peers.brat_plain import map_plain
from annotator.formats.peers.brat_polnear import (
    POLNEAR_SCHEME,
    QuoteScheme,
    map_quotes,
    read_quote_scheme,
)
from annotator.formats.peers.brat_read import read_ann, read_text
from annotator.formats.peers.common import PeerFormatError

_TYPE = re.compile(r"^T\w*\t([^\s]+) ", re.MULTILINE)
_EVENT = re.compile(r"^E\w*\t([^\s:]+):", re.MULTILINE)


@dataclass
class BratCorpus:
    """A brat corpus ready to be read: its pairs, mapping, metadata and report."""

    root: Path
    pairs: list[Pair]
    mapping: str  # "plain", "polnear", or the mapping file's name
    metadata: dict[str, Metadata] | None
    scheme: QuoteScheme = POLNEAR_SCHEME  # how events become quotes (not for plain)
    unmapped: Unmapped = field(default_factory=Unmapped)
    texts_without_annotations: int = 0
    files: int = 0  # .ann files turned into records

    @property
    def labels_needed(self) -> dict[str, Layer]:
        """Labels the mapping makes that the project may lack (added on import)."""
        return {} if self.mapping == PLAIN else dict(POLNEAR_LABELS)

    def records(
        self,
        *,
        annotator: Annotator | None = None,
        fallback: Annotator | None = None,
        named: Callable[[str], Annotator] | None = None,
        layers: Mapping[str, Layer] | None = None,
        progress: Callable[[int, int], None] | None = None,
        entities: Iterable[Entity] = (),
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(FILE, record)`` for each ``.ann`` that holds something our scheme keeps;
        ``progress(files read, files)`` before each file. ``entities``: the project's, to which
        a mention or speaker of the same annotator, type and name (or alias) is linked."""
        registry = new_registry(entities)  # shared by the files: each adds its own entities
        known = dict(layers or {})
        seen_docs: set[str] = set()
        texts: dict[str, Path] = {}  # text hash -> the first text file holding it
        done: dict[tuple[str, str], str] = {}  # (text hash, annotator id) -> its .ann
        for number, pair in enumerate(self.pairs):
            if progress is not None:
                progress(number, len(self.pairs))
            name = self._name(pair.ann)
            if pair.text is None:
                self.unmapped.add("annotation file without its text", name)
                continue
            try:
                text = read_text(pair.text)
            except UnicodeDecodeError as exc:
                self.unmapped.add("text not UTF-8", self._name(pair.text), f"byte {exc.start + 1}")
                continue
            except OSError as exc:
                self.unmapped.add("text unreadable", self._name(pair.text), str(exc.strerror))
                continue
            why = document_size_refusal(text) or ("" if text.strip() else "the text is empty")
            if why:
                self.unmapped.add("text refused", self._name(pair.text), why)
                continue
            sha = text_sha256(text)
            first = texts.setdefault(sha, pair.text)
            if first != pair.text and pair.name not in seen_docs and not pair.by_id:
                self.unmapped.add(
                    "text identical to another (one document)",
                    self._name(pair.text),
                    f"same as {self._name(first)}",
                )
            fresh = pair.name not in seen_docs
            seen_docs.add(pair.name)
            who = annotator or self._who(pair, name, named) or fallback
            if who is None:
                raise PeerFormatError(name, "", "the file does not say who annotated it")
            earlier = done.setdefault((sha, who.id), name)
            if earlier != name:
                self.unmapped.add(
                    "second .ann of one annotator on one text (left out)",
                    name,
                    f"{who.name}'s work on it is {earlier}",
                )
                continue
            meta = None
            if self.metadata is not None:
                meta = self.metadata.get(pair.name)
                if meta is None and fresh:
                    self.unmapped.add("document without a metadata row", name)
            ann = read_ann(pair.ann, name, text)
            for skipped in ann.skipped:
                self.unmapped.add(skipped.kind, skipped.where, skipped.detail)
            target = Target(text, pair.text.name, who, meta, registry)
            if self.mapping == PLAIN:
                record = map_plain(ann, target, self.unmapped, known)
            else:
                record = map_quotes(ann, target, self.unmapped, self.scheme, known)
            if record is not None:
                self.files += 1
                yield name, record
        if progress is not None:
            progress(len(self.pairs), len(self.pairs))

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root)) if self.root.is_dir() else str(path)
        except ValueError:
            return str(path)

    def _who(
        self, pair: Pair, name: str, named: Callable[[str], Annotator] | None
    ) -> Annotator | None:
        if not pair.annotator:
            return None
        if named is None:
            from annotator.formats.ids import named_annotator_id

            return Annotator(named_annotator_id(pair.annotator), pair.annotator)
        try:
            who = named(pair.annotator)
            if pair.by_id and who.id != pair.annotator:  # an id this project does not know
                return Annotator(pair.annotator, pair.annotator)
            return who
        except AnnotatorError as exc:
            raise PeerFormatError(name, "", f"the annotator {pair.annotator!r}: {exc}") from None


def open_brat(
    paths: list[Path],
    *,
    pattern: str | None = None,
    metadata: Path | None = None,
    mapping: str | None = None,
) -> BratCorpus:
    """The corpus of ``paths`` (folders, ``.ann`` and ``.txt`` files); AnnotatorError, before
    anything is read, for a bad pattern, metadata table or mapping, or no ``.ann`` file."""
    scheme = POLNEAR_SCHEME
    if mapping is not None and mapping not in MAPPINGS:
        scheme = read_quote_scheme(Path(mapping))  # a mapping file
    compiled = annotator_pattern(pattern)
    table = read_metadata(metadata) if metadata is not None else None
    found, _ = pairs(paths, compiled)
    root = paths[0] if len(paths) == 1 else Path(".")
    where = ", ".join(str(p) for p in paths)
    if not found:
        raise PeerFormatError(where, "", "no .ann file: not brat standoff (NAME.txt + NAME.ann)")
    if mapping is None:
        types: set[str] = set()
        events: set[str] = set()
        for pair in found:
            try:
                content = pair.ann.read_text("utf-8", "replace")
            except OSError:
                continue  # reported when it is read
            types.update(_TYPE.findall(content))
            events.update(_EVENT.findall(content))
        mapping = choose_mapping(types, events)
    corpus = BratCorpus(root, found, mapping, table, scheme)
    paired = {p.text for p in found if p.text is not None}
    from annotator.formats.peers.brat_corpus import files_of

    corpus.texts_without_annotations = sum(1 for t in files_of(paths, ".txt") if t not in paired)
    return corpus
