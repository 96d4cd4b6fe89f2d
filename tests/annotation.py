"""Score what the loader took from a document against a hand annotation of it.

The annotations (``tests/data/annotations/*.toml``, format in the README there) were made by
reading the documents, not the loader's output. Matching rules, kept simple enough to check
by hand:

* an annotated **activity** is found when a project of the same case study cites a line span
  (its own or one in ``also_cited``) that overlaps one of the activity's spans; projects and
  activities are paired one to one, largest overlap first. Recall is the share of activities
  paired; precision the share of the case studies' projects paired.
* an annotated **partner** is found when a partnership of the same case study names the same
  body (names compared by their words, see ``same_body``) or cites the annotated line (±1)
  at the same level; one to one, as many pairs as the candidates allow (``pair_most``: a greedy
  pass let "department of youth affairs in Vahdat Khukumat" take the only Khukumat of
  Vahdat that "Khukumat of Vahdat" could pair with, and left the department's own record
  unpaired). A **trap** is violated when a partnership cites the
  trap's line and names its body.
* an annotated **donor** is found when the case study names a donor of that name; its role
  agrees when the catalogue's role (funder: the donor has a contribution in the case study's
  projects, amount or not) is the annotated one.

Run ``python -m tests.annotation`` for the table in docs/loading.md (it loads the seeds
into a temporary SQLite database).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ANNOTATIONS = Path(__file__).resolve().parent / "data" / "annotations"

# Words that say what kind of body or organisation a name is, not which one.
_GENERIC = {
    "the", "of", "and", "in", "a", "an", "on", "for", "rt", "republic", "tajikistan",
    "rayon", "raion", "district", "city", "oblast", "region", "local", "s",
}  # fmt: skip
_SPELLING = {"hukumat": "khukumat", "hokimiyat": "khukumat", "mahalla": "makhalla"}


def name_words(name: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", name.lower())
    return frozenset(_SPELLING.get(w, w) for w in words if w not in _GENERIC)


def same_body(a: str, b: str) -> bool:
    """Two printed names of one body: the words of one contain the other's, or most agree."""
    x, y = name_words(a), name_words(b)
    if not x or not y:
        return False
    return x <= y or y <= x or len(x & y) / len(x | y) >= 0.6


def overlap(a: Sequence[int], b: Sequence[int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


# --- the annotation -----------------------------------------------------------------------


@dataclass
class Annotation:
    document: str
    case_studies: dict[int, str] = field(default_factory=dict)
    activities: list[dict] = field(default_factory=list)
    partners: list[dict] = field(default_factory=list)
    traps: list[dict] = field(default_factory=list)
    donors: list[dict] = field(default_factory=list)


def read_annotations(paths: Iterable[Path]) -> dict[str, Annotation]:
    """Annotation files merged per document."""
    merged: dict[str, Annotation] = {}
    for path in sorted(paths):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        annotation = merged.setdefault(data["document"], Annotation(data["document"]))
        for row in data.get("case_study", []):
            annotation.case_studies[row["number"]] = row["organisation"]
        annotation.activities += data.get("activity", [])
        annotation.partners += data.get("partner", [])
        annotation.traps += data.get("trap", [])
        annotation.donors += data.get("donor", [])
    return merged


# --- what the catalogue holds ---------------------------------------------------------------


@dataclass(frozen=True)
class LoadedProject:
    case_study: int
    title: str
    spans: tuple[tuple[int, int], ...]
    years: tuple[int | None, int | None]
    funders: tuple[str, ...]


@dataclass(frozen=True)
class LoadedPartner:
    case_study: int
    body: str
    level: str
    line: int


@dataclass(frozen=True)
class LoadedDonor:
    case_study: int
    names: tuple[str, ...]
    role: str


def loaded(document: str) -> tuple[list[LoadedProject], list[LoadedPartner], list[LoadedDonor]]:
    from catalogue import models as m

    projects = []
    for project in m.Project.objects.filter(
        source_document__file_name=document, case_study__isnull=False
    ).prefetch_related("contributions__donor", "contributions__organisation"):
        spans = ((project.first_line, project.last_line), *map(tuple, project.also_cited))
        funders = tuple(
            name
            for c in project.contributions.all()
            for name in (c.party_name, c.donor.name if c.donor else "")
            if name
        )
        projects.append(
            LoadedProject(
                project.case_study.number if project.case_study else 0,
                project.title,
                spans,
                (project.start_year, project.end_year),
                funders,
            )
        )
    number = dict(
        m.CaseStudy.objects.filter(source_document__file_name=document).values_list("pk", "number")
    )
    partners = [
        LoadedPartner(number[p.case_study_id], p.government_body.name, p.level, p.first_line or 0)
        for p in m.Partnership.objects.filter(case_study_id__in=number).select_related(
            "government_body"
        )
    ]
    funded = set(
        m.Contribution.objects.filter(
            project__case_study_id__in=number, donor__isnull=False
        ).values_list("project__case_study_id", "donor_id")
    )
    donors = [
        LoadedDonor(
            number[row.case_study_id],
            (row.donor.name, row.donor.short_name, *row.donor.aliases),
            "funder" if (row.case_study_id, row.donor_id) in funded else "named",
        )
        for row in m.CaseStudyDonor.objects.filter(case_study_id__in=number).select_related("donor")
    ]
    return projects, partners, donors


# --- scores ---------------------------------------------------------------------------------


@dataclass
class Score:
    found: int = 0  # annotated items the catalogue has
    annotated: int = 0
    correct: int = 0  # catalogue items the annotation has
    loaded: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.loaded if self.loaded else 1.0


def pair(candidates: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (annotated index, loaded index), best weight first."""
    used_a, used_b, pairs = set(), set(), []
    for _, a, b in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            pairs.append((a, b))
    return pairs


def pair_most(candidates: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (annotated index, loaded index), as many as possible: augmenting
    paths (Kuhn), each annotated item trying its best-weighted candidates first."""
    options: dict[int, list[int]] = {}
    for _, a, b in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        options.setdefault(a, []).append(b)
    owner: dict[int, int] = {}  # loaded index -> annotated index

    def augment(a: int, seen: set[int]) -> bool:
        for b in options[a]:
            if b in seen:
                continue
            seen.add(b)
            if b not in owner or augment(owner[b], seen):
                owner[b] = a
                return True
        return False

    for a in sorted(options):
        augment(a, set())
    return sorted((a, b) for b, a in owner.items())


@dataclass
class Scores:
    activities: Score
    years: Score  # of the paired activities: printed years right (first and last)
    funders: Score  # of the paired activities' annotated funders: named on the project
    partners: Score
    donors: Score  # recall: donors named; precision: roles that agree
    trap_violations: list[str]


def score(annotation: Annotation) -> Scores:
    projects, partners, donors = loaded(annotation.document)
    numbers = set(annotation.case_studies)
    projects = [p for p in projects if p.case_study in numbers]
    partners = [p for p in partners if p.case_study in numbers]
    donors = [d for d in donors if d.case_study in numbers]

    activities = Score(annotated=len(annotation.activities), loaded=len(projects))
    candidates = [
        (max(overlap(s, t) for s in a["spans"] for t in p.spans), i, j)
        for i, a in enumerate(annotation.activities)
        for j, p in enumerate(projects)
        if a["case_study"] == p.case_study
        and any(overlap(s, t) for s in a["spans"] for t in p.spans)
    ]
    pairs = pair(candidates)
    activities.found = activities.correct = len(pairs)
    paired_a = {a for a, _ in pairs}
    paired_p = {p for _, p in pairs}
    activities.misses = [
        f"{a['case_study']}: {a['title']} {a['spans']}"
        for i, a in enumerate(annotation.activities)
        if i not in paired_a
    ]
    activities.extras = [
        f"{p.case_study}: {p.title} {list(p.spans)}"
        for j, p in enumerate(projects)
        if j not in paired_p
    ]
    years, funders = Score(), Score()
    for a, p in ((annotation.activities[i], projects[j]) for i, j in pairs):
        printed = a.get("years", [])
        expected = (printed[0], printed[-1]) if printed else (None, None)
        years.annotated += 1
        years.found += p.years == expected
        if p.years != expected:
            years.misses.append(f"{a['case_study']}: {a['title']}: {expected} vs {p.years}")
        for funder in a.get("funders", []):
            funders.annotated += 1
            if any(same_body(funder, name) for name in p.funders):
                funders.found += 1
            else:
                funders.misses.append(f"{a['case_study']}: {a['title']}: {funder}")

    partner_score = Score(annotated=len(annotation.partners), loaded=len(partners))
    candidates = []
    for i, a in enumerate(annotation.partners):
        for j, p in enumerate(partners):
            if a["case_study"] != p.case_study:
                continue
            if same_body(a["body"], p.body):
                candidates.append((2, i, j))
            elif abs(a["line"] - p.line) <= 1 and a["level"] == p.level:
                candidates.append((1, i, j))
    pairs = pair_most(candidates)
    partner_score.found = partner_score.correct = len(pairs)
    paired_a, paired_p = {a for a, _ in pairs}, {p for _, p in pairs}
    partner_score.misses = [
        f"{a['case_study']}: {a['body']} ({a['level']}, line {a['line']})"
        for i, a in enumerate(annotation.partners)
        if i not in paired_a
    ]
    partner_score.extras = [
        f"{p.case_study}: {p.body} ({p.level}, line {p.line})"
        for j, p in enumerate(partners)
        if j not in paired_p
    ]
    violations = [
        f"{t['case_study']}: {t['body']} ({t['kind']}, line {t['line']})"
        for t in annotation.traps
        for p in partners
        if p.case_study == t["case_study"] and p.line == t["line"] and same_body(t["body"], p.body)
    ]

    donor_score = Score(annotated=len(annotation.donors))
    for a in annotation.donors:
        match = next(
            (
                d
                for d in donors
                if d.case_study == a["case_study"]
                and any(same_body(a["name"], n) for n in d.names if n)
            ),
            None,
        )
        if match is None:
            donor_score.misses.append(f"{a['case_study']}: {a['name']} ({a['role']})")
            continue
        donor_score.found += 1
        donor_score.loaded += 1
        if match.role == a["role"]:
            donor_score.correct += 1
        else:
            donor_score.extras.append(
                f"{a['case_study']}: {a['name']}: {match.role}, not {a['role']}"
            )
    return Scores(activities, years, funders, partner_score, donor_score, violations)


def table(scores: Scores) -> str:
    rows = [
        ("Activities (projects)", scores.activities),
        ("Partners (government bodies)", scores.partners),
    ]
    lines = [
        "| | annotated | found | recall | loaded | precision |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, s in rows:
        lines.append(
            f"| {label} | {s.annotated} | {s.found} | {s.recall:.0%} "
            f"| {s.loaded} | {s.precision:.0%} |"
        )
    for label, s in (
        ("Years of found activities right", scores.years),
        ("Funders of found activities named", scores.funders),
        ("Donors named", scores.donors),
    ):
        lines.append(f"| {label} | {s.annotated} | {s.found} | {s.recall:.0%} | | |")
    lines.append(
        f"| Donor roles that agree | {scores.donors.loaded} | {scores.donors.correct} "
        f"| {scores.donors.precision:.0%} | | |"
    )
    lines.append(f"| Partnerships citing a trap sentence | | {len(scores.trap_violations)} | | | |")
    return "\n".join(lines)


def main() -> None:  # pragma: no cover - a report, run by hand
    import os
    import sys
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    database = Path(tempfile.mkdtemp()) / "annotation.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.core.management import call_command

    from catalogue.importers.loader import load_catalogue
    from catalogue.importers.sources import read_documents

    call_command("migrate", verbosity=0)
    root = Path(__file__).resolve().parents[1]
    verbose = "-v" in sys.argv
    for label, paths, files in (
        ("The book (seeds)", [root / "seeds"], ANNOTATIONS.glob("book_*.toml")),
        (
            "Our own case studies",
            [root / "tests" / "data" / "own_book.txt"],
            ANNOTATIONS.glob("own_*.toml"),
        ),
    ):
        load_catalogue(read_documents(paths))
        for annotation in read_annotations(files).values():
            scores = score(annotation)
            print(f"\n## {label}: {annotation.document}\n\n{table(scores)}")
            if verbose:
                for name in ("activities", "years", "funders", "partners", "donors"):
                    s = getattr(scores, name)
                    for miss in s.misses:
                        print(f"  missed {name}: {miss}")
                    for extra in s.extras:
                        print(f"  extra {name}: {extra}")
                for violation in scores.trap_violations:
                    print(f"  trap: {violation}")


if __name__ == "__main__":
    main()
