"""What a document is about (`Story`: the facts planned for it) and the pieces every section
uses to state a fact and register it in the gold at once: a deadline, a target or result, a task."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ntm_corpus.citations import Cited
from ntm_corpus.criteria_text import CriteriaPlan
from ntm_corpus.facts import Deadline
from ntm_corpus.measures import Planned, improved, plan_measures, write_measure
from ntm_corpus.timeframes import plan_deadline, write_deadline
from ntm_corpus.vocab import cap, fill, maybe, phrases, pick
from ntm_corpus.writer import Writer


@dataclass
class District:
    communes: int
    met: int
    average: float
    advanced: int



@dataclass
class Story:
    cited: list[Cited]
    criteria: CriteriaPlan | None
    results: list[Planned]
    targets: list[Planned]
    year: int  # the year targets are set for
    district: District | None = None
    reserve: int = 0  # targets left for a later section (criteria_tasks)

    def take_targets(self) -> list[Planned]:
        """The targets this section states; each target is stated once."""
        keep = self.reserve
        self.reserve = 0
        taken, self.targets = self.targets[: len(self.targets) - keep], self.targets[len(self.targets) - keep:]
        return taken



def deadline_words(w: Writer, deadline: Deadline, bare: bool = False) -> str:
    text = write_deadline(w.rng, deadline, bare, start_year=w.setting.year)
    if deadline.granularity != "period":  # "giai đoạn 2024 - 2025" only scopes the work: no deadline
        w.fact(deadline)
    return text



def new_deadline(w: Writer, year: int, granularity: str | None = None) -> Deadline:
    after = max(w.setting.issued, dt.date(year, 1, 1) - dt.timedelta(days=20))
    return plan_deadline(w.rng, after, year, granularity)



def task_sentence(w: Writer, task: str, year: int) -> str:
    """'Tổ chức rà soát ..., hoàn thành trước ngày 15/10/2024.'"""
    deadline = new_deadline(w, year)
    if deadline.granularity == "period":
        return f"{cap(task)}, thực hiện {deadline_words(w, deadline)}."
    forms = phrases()["task_forms"]
    if task.startswith(("hoàn thành", "hoàn thiện")):  # not "Hoàn thành ..., hoàn thành ..."
        forms = [f for f in forms if "hoàn thành" not in f]
    form = pick(w.rng, forms)
    if form.startswith("{Task} {dl}") and deadline.granularity == "year":
        form = "{Task}; thời gian thực hiện {dl}."
    return fill(form, Task=cap(task), dl=deadline_words(w, deadline))



def measure_clause(w: Writer, planned: Planned, kind: str, optional: bool = False) -> str:
    text, fact = write_measure(w.rng, planned, kind, optional)
    w.fact(fact)
    return text



def year_intro(w: Writer, bank: str, year: int) -> str:
    deadline = Deadline(dt.date(year, 12, 31), "year")
    return fill(pick(w.rng, phrases()[bank]), dl=deadline_words(w, deadline))



def write_measures(w: Writer, planned: list[Planned], kind: str) -> None:
    """As bullets, or run together in one paragraph."""
    clauses = [measure_clause(w, p, kind) for p in planned]
    if not clauses:
        return
    if maybe(w.rng, 0.65):
        w.bullets(clauses)
    else:
        w.para("; ".join(cap(c) if i == 0 else c for i, c in enumerate(clauses)) + ".")



def plan_story(w: Writer, cited: list[Cited], criteria: CriteriaPlan | None) -> Story:
    """Targets and results to state, consistent with one another (next year's target improves on this year's result)."""
    s, rng = w.setting, w.rng
    reporting = s.kind in ("bao_cao", "bao_cao_huyen", "ket_luan", "nghi_quyet")
    results_ = plan_measures(rng, s, rng.randint(3, 7)) if reporting else []
    carried = [improved(rng, p) for p in rng.sample(results_, min(len(results_), rng.randint(1, 3)))]
    fresh = plan_measures(rng, s, rng.randint(3, 7) - len(carried), avoid={p.spec["id"] for p in carried + results_})
    year = s.year + 1 if s.kind in ("bao_cao", "bao_cao_huyen") else s.year
    district = None
    if s.district_level:
        communes = rng.randint(12, 32)
        met = rng.randint(communes // 3, communes - 1)
        district = District(communes, met, round(rng.uniform(14.5, 18.6), 2), rng.randint(0, max(0, met // 4)))
    return Story(cited, criteria, results_, carried + fresh, year, district)

