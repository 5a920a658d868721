"""Sections that state criteria: which are met, unmet or aimed for, the counts, and per-criterion tasks."""

from __future__ import annotations

import datetime as dt
import re

from ntm_corpus import criteria_text as ct
from ntm_corpus.criteria_text import CriteriaPlan
from ntm_corpus.facts import CriterionStatus, Deadline, Measure, Summary
from ntm_corpus.render import Para
from ntm_corpus.story import Story, measure_clause, write_measures, year_intro
from ntm_corpus.vocab import cap, fill, maybe, phrases, pick
from ntm_corpus.writer import Writer


def status_content(w: Writer, plan: CriteriaPlan) -> None:
    """Which criteria are met and which are not, with the count 'đạt 14/19 tiêu chí'."""
    rng, bank = w.rng, phrases()["criteria_intros"]
    k, n, u = len(plan.met), plan.total, len(plan.unmet)
    intro = w.slot(pick(rng, bank["met"]), k=k, n=n)
    w.fact(Summary(k, n))
    if not plan.unmet:
        w.para(f"{intro}, đạt chuẩn nông thôn mới theo Bộ tiêu chí quốc gia.")
        return
    form = pick(rng, ["inline", "paren", "bullets", "unmet_only"])
    if form != "unmet_only":
        _register(w, plan.met, "met")
    _register(w, plan.unmet, "unmet")
    if form == "bullets":
        first, second = pick(rng, [("* ", "* "), ("a) ", "b) "), ("", "")])
        w.para(f"{intro}, cụ thể:")
        w.blocks.append(Para(f"{first}Các tiêu chí đã đạt ({k} tiêu chí):", italic=True))
        for line in ct.criteria_lines(rng, plan.met, w.numbering.bullet, None):
            w.para(line)
        w.blocks.append(Para(f"{second}Các tiêu chí chưa đạt ({u} tiêu chí):", italic=True))
        for line in ct.criteria_lines(rng, plan.unmet, w.numbering.bullet, pick(rng, [None, "chưa đạt"])):
            w.para(line)
        return
    unmet_intro = _unmet_intro(w, plan)
    plan_met = [] if form == "unmet_only" else plan.met
    if form == "paren":
        met_part = f" ({ct.criteria_list(rng, plan_met)})" if plan_met else ""
        w.para(f"{intro}{met_part}; {unmet_intro} ({ct.criteria_list(rng, plan.unmet)}).")
    else:
        met_part = f", gồm: {ct.criteria_list(rng, plan_met)}" if plan_met else ""
        w.para(f"{intro}{met_part}. {cap(unmet_intro)}, gồm: {ct.criteria_list(rng, plan.unmet)}.")



def _unmet_intro(w: Writer, plan: CriteriaPlan) -> str:
    bank = phrases()["criteria_intros"]
    u, n = len(plan.unmet), plan.total
    if maybe(w.rng, 0.35):
        w.fact(Summary(u, n, optional=True))
        return pick(w.rng, bank["unmet_ratio"]).format(u=u, n=n)
    text = pick(w.rng, bank["unmet_count"]).format(u=u)
    return text[0].lower() + text[1:]



def _register(w: Writer, numbers: list[int], status: str, optional: bool = False) -> None:
    for n in numbers:
        w.fact(CriterionStatus(n, status, optional))



def criteria_target_content(w: Writer, plan: CriteriaPlan, year: int) -> None:
    """'Phấn đấu trong năm 2025 hoàn thành thêm 3 tiêu chí: ..., nâng tổng số lên 17/19 tiêu chí.'"""
    if not plan.targets:
        return
    rng = w.rng
    t = len(plan.targets)
    intro = pick(rng, phrases()["criteria_intros"]["target"])
    if "{nam}" in intro:
        deadline = Deadline(dt.date(year, 12, 31), "year", written=f"năm {year}")
        w.fact(deadline)
    verb = re.search(r"(\S+ thêm) \{t\}", intro).group(1)  # "hoàn thành thêm", "đạt thêm"
    intro = fill(intro, t=t, nam=year)
    w.fact(Measure(f"{verb} tiêu chí", t, "tiêu chí", "=", "target", written=f"{t} tiêu chí", optional=True))
    _register(w, plan.targets, "target")
    text = f"{intro}: {ct.criteria_list(rng, plan.targets)}"
    if maybe(rng, 0.6):
        total = len(plan.met) + t
        text += f", nâng tổng số tiêu chí đạt chuẩn lên {total}/{plan.total} tiêu chí"
        w.fact(Summary(total, plan.total))
    w.para(text + ".")



def maintain_line(w: Writer, plan: CriteriaPlan) -> str:
    k = len(plan.met)
    k_text = f"{k:02d}" if k < 10 and maybe(w.rng, 0.5) else str(k)
    template = pick(w.rng, phrases()["maintain"])
    indicator = template.replace("{k} ", "").lower()  # "giữ vững tiêu chí đã đạt chuẩn"
    w.fact(Measure(indicator, k, "tiêu chí", "=", "target", written=k_text))
    return fill(template, k=k_text)



def status(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    if story.criteria:
        status_content(w, story.criteria)



def status_by_criterion(w: Writer, story: Story, title: str) -> None:
    """One line per criterion, in order: '2. Tiêu chí số 2 về Giao thông: Chưa đạt.'"""
    w.heading(1, title)
    plan = story.criteria
    if not plan:
        return
    rng = w.rng
    met_word, unmet_word = pick(rng, [("Đạt", "Chưa đạt"), ("đạt", "chưa đạt"), ("Đạt chuẩn", "Chưa đạt chuẩn")])
    for n in range(1, plan.total + 1):
        words = ct.criterion_words(rng, n, pick(rng, ["both", "both", "name"]))
        state = met_word if n in plan.met else unmet_word
        w.fact(CriterionStatus(n, "met" if n in plan.met else "unmet"))
        w.para(f"{n}. {words}: {state}.")
    w.fact(Summary(len(plan.met), plan.total))
    tail = f" còn {len(plan.unmet)} tiêu chí chưa đạt" if plan.unmet else ""
    w.para(f"Tổng hợp: xã đạt {len(plan.met)}/{plan.total} tiêu chí{';' if tail else ''}{tail}.")



def criteria_tasks(w: Writer, story: Story, title: str) -> None:
    """'- Tiêu chí Giao thông: huy động nguồn lực ...' for the criteria aimed at and a few others."""
    w.heading(1, title)
    plan = story.criteria
    if not plan:
        return
    rng = w.rng
    chosen = sorted(set(plan.targets) | set(rng.sample(plan.met, min(len(plan.met), rng.randint(2, 4)))))
    linked = {p.spec.get("criterion"): p for p in story.targets if p.spec.get("criterion")}
    as_headings = maybe(rng, 0.5)
    for n in chosen:
        words = ct.criterion_words(rng, n, pick(rng, ["name", "both"]))
        w.fact(CriterionStatus(n, "target", optional=True))
        task = pick(rng, phrases()["criterion_tasks"][str(n)])
        if n in linked and linked[n] in story.targets:
            planned = linked.pop(n)
            story.targets.remove(planned)
            task = task.rstrip(".") + "; phấn đấu " + measure_clause(w, planned, "target") + "."
        if as_headings:
            w.heading(2, words)
            w.para(task)
        else:
            w.bullet(f"{words}: {task[0].lower()}{task[1:]}")
    if story.targets:
        w.para(pick(rng, ["Các chỉ tiêu khác:", "Một số chỉ tiêu kinh tế - xã hội:"]), bold=True)
        w.para(year_intro(w, "objective_intros", story.year))
        write_measures(w, story.take_targets(), "target")


