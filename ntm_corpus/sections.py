"""The body sections of a synthetic document. Each writes its heading and paragraphs, registering
every fact (reference, criterion status, summary, target or result, deadline) as it writes it.
Sections about criteria live in criteria_sections.py; the planned facts (`Story`) in story.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ntm_corpus.criteria_sections import (
    criteria_target_content,
    criteria_tasks,
    maintain_line,
    status,
    status_by_criterion,
    status_content,
)
from ntm_corpus.facts import Deadline, Measure
from ntm_corpus.measures import agri_bundle
from ntm_corpus.story import (
    Story,
    deadline_words,
    measure_clause,
    new_deadline,
    task_sentence,
    write_measures,
    year_intro,
)
from ntm_corpus.timeframes import recurrence
from ntm_corpus.vocab import cap, draw_value, fill, maybe, phrases, pick, vn_number
from ntm_corpus.writer import Writer

# ── sections ──────────────────────────────────────────────────────────────────


def purpose(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    w.heading(2, "Mục đích")
    for sentence in w.filler("purpose", (2, 3)):
        w.bullet(sentence) if maybe(w.rng, 0.5) else w.para(sentence)
    w.heading(2, "Yêu cầu")
    for sentence in w.filler("requirements", (2, 3)):
        w.bullet(sentence) if maybe(w.rng, 0.5) else w.para(sentence)


def objectives(w: Writer, story: Story, title: str, top: bool = True) -> None:
    if top:
        w.heading(1, title)
    w.heading(2, pick(w.rng, ["Mục tiêu chung", "Mục tiêu tổng quát"]))
    for sentence in w.filler("general_objectives", (1, 2)):
        w.para(sentence)
    w.heading(2, pick(w.rng, ["Mục tiêu cụ thể", "Các chỉ tiêu chủ yếu", "Chỉ tiêu cụ thể"]))
    plan = story.criteria
    if plan and plan.unmet and maybe(w.rng, 0.5):
        w.bullet(maintain_line(w, plan) + ";")
    if plan:
        criteria_target_content(w, plan, story.year)
    w.para(year_intro(w, "objective_intros", story.year))
    targets = story.take_targets()
    economic = [p for p in targets if p.spec["id"] in ECONOMIC]
    if len(targets) >= 4 and 0 < len(economic) < len(targets) and maybe(w.rng, 0.5):
        w.heading(3, pick(w.rng, ["Về kinh tế", "Các chỉ tiêu về kinh tế"]))
        write_measures(w, economic, "target")
        w.heading(3, pick(w.rng, ["Về văn hóa - xã hội và môi trường", "Các chỉ tiêu về xã hội, môi trường"]))
        write_measures(w, [p for p in targets if p not in economic], "target")
    else:
        write_measures(w, targets, "target")


# Indicators grouped under "Về kinh tế" when a plan splits its targets.
ECONOMIC = {"income", "budget_revenue", "mobilized_capital", "production_value", "rice_area", "rice_yield",
            "grain_output", "cattle", "pigs", "poultry", "ocop", "production_models", "rural_roads_km",
            "field_roads_m", "new_forest"}


def viewpoints_objectives(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    w.heading(2, pick(w.rng, ["Quan điểm", "Quan điểm chỉ đạo"]))
    for sentence in w.filler("viewpoints", (2, 3)):
        w.para(sentence)
    objectives(w, story, title, top=False)


def solutions(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    for item in w.rng.sample(phrases()["solutions"], w.rng.randint(3, 5)):
        w.heading(2, item["title"])
        for sentence in item["body"]:
            w.para(sentence)
        if maybe(w.rng, 0.45):
            w.bullet(task_sentence(w, pick(w.rng, phrases()["tasks"]), story.year))


def schedule(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    tasks = w.rng.sample(phrases()["tasks"], w.rng.randint(3, 6))
    agencies = phrases()["agencies"]
    tabular = maybe(w.rng, 0.5)
    for task in tasks:
        if tabular:
            w.heading(2, cap(task))
            deadline = new_deadline(w, story.year)
            label = pick(w.rng, ["Thời gian thực hiện", "Thời gian hoàn thành"])
            w.bullet(f"{label}: {deadline_words(w, deadline, bare=True)}.")
            w.bullet(f"{pick(w.rng, ['Đơn vị chủ trì', 'Bộ phận thực hiện'])}: {pick(w.rng, agencies)['name']}.")
        else:
            w.bullet(task_sentence(w, task, story.year))


def budget(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    rng = w.rng
    template, indicator = pick(rng, phrases()["budget_intros"])
    total = draw_value(rng, 3, 40, pick(rng, [1, 2, 3]))
    w.para(w.slot(template, v=vn_number(total, 3)))
    w.fact(Measure(indicator, total, "tỷ đồng", "=", "target", written=vn_number(total, 3)))
    parts = rng.sample(phrases()["budget_parts"], rng.randint(2, 4))
    for name, share in parts:
        value = round(total * share * rng.uniform(0.6, 1.2), 3)
        w.fact(Measure(name, value, "tỷ đồng", "=", "target", written=vn_number(value, 3)))
        w.bullet(f"{cap(name)}: {vn_number(value, 3)} tỷ đồng;")


def organization(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    rng = w.rng
    agencies = rng.sample(phrases()["agencies"], rng.randint(4, 7))
    inline = maybe(rng, 0.4)
    for agency in agencies:
        duty = pick(rng, agency["duties"])
        if maybe(rng, 0.3):
            back = _report_back(w, story.year).rstrip(".")
            duty += "; " + back[0].lower() + back[1:]
        if inline:
            w.bullet(f"{agency['name']}: {duty}.")
        else:
            w.heading(2, agency["name"])
            w.para(f"{cap(duty)}.")


def _report_back(w: Writer, year: int) -> str:
    template = pick(w.rng, phrases()["report_back"])
    if "{rec}" in template:
        rec = recurrence(w.rng)
        w.fact(rec)
        return template.replace("{rec}", rec.written)
    return template.replace("{dl}", deadline_words(w, new_deadline(w, year)))


def organization_party(w: Writer, story: Story, title: str, level: int = 1) -> None:
    w.heading(level, title)
    own = "Kết luận" if w.setting.kind == "ket_luan" else "Nghị quyết"
    for template in w.rng.sample(phrases()["party_assignments"], w.rng.randint(3, 5)):
        template = template.replace("Nghị quyết", own)
        if "{dl}" in template:
            template = template.replace("{dl}", deadline_words(w, new_deadline(w, story.year)))
        if "{rec}" in template:
            rec = recurrence(w.rng)
            w.fact(rec)
            template = template.replace("{rec}", rec.written)
        w.bullet(template)


def results(w: Writer, story: Story, title: str, top: bool = True) -> None:
    if top:
        w.heading(1, title)
    rng = w.rng
    if top:
        for sentence in w.filler("district_direction" if w.setting.district_level else "direction_results", (1, 2)):
            w.para(sentence)
    w.para(pick(rng, phrases()["result_intros"]))
    write_measures(w, story.results, "result")
    if maybe(rng, 0.6):
        bundle = agri_bundle(rng, w.setting)
        clauses = [measure_clause(w, p, "result") for p in bundle]
        w.para(f"{w.filler('production_results')[0]} {cap(clauses[0])}, {clauses[1]}, {clauses[2]}.")
    for sentence in w.filler("social_results", (0, 1)):
        w.para(sentence)


def results_with_status(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    w.heading(2, pick(w.rng, ["Công tác lãnh đạo, chỉ đạo, tuyên truyền", "Công tác chỉ đạo, điều hành"]))
    for sentence in w.filler("direction_results", (2, 3)):
        w.para(sentence)
    if story.criteria:
        w.heading(2, pick(w.rng, ["Kết quả thực hiện các tiêu chí", "Kết quả thực hiện Bộ tiêu chí"]))
        status_content(w, story.criteria)
    w.heading(2, pick(w.rng, ["Kết quả huy động nguồn lực", "Kết quả phát triển kinh tế - xã hội"]))
    for sentence in w.filler("mobilization_results", (1, 2)):
        w.para(sentence)
    results(w, story, title, top=False)


def assessment(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    district = w.setting.district_level
    if maybe(w.rng, 0.5):
        w.heading(2, "Ưu điểm")
        for sentence in w.filler("strengths", (1, 2)):
            w.para(sentence)
    w.heading(2, pick(w.rng, ["Tồn tại, hạn chế", "Hạn chế", "Những tồn tại, hạn chế"]))
    for sentence in w.filler("district_limitations" if district else "limitations", (2, 3)):
        w.bullet(sentence)
    if not district:
        w.heading(2, pick(w.rng, ["Nguyên nhân", "Nguyên nhân của hạn chế"]))
        for sentence in w.filler("causes", (1, 3)):
            w.para(sentence)


def direction(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    for sentence in w.filler("direction_results", (2, 4)):
        w.para(sentence)


def next_year(w: Writer, story: Story, title: str) -> None:
    """Next year's targets (this year's results improved) and tasks with deadlines."""
    w.heading(1, title)
    year = story.year
    if story.district:
        d = story.district
        more = w.rng.randint(1, max(1, min(4, d.communes - d.met)))
        template = pick(w.rng, phrases()["district_target"])
        # "nâng tổng số xã đạt chuẩn lên 17/31 xã": a count of communes, a target, not a criteria summary
        w.fact(Measure("xã đạt chuẩn nông thôn mới", more, "xã", "=", "target", written=str(more), optional=True))
        w.fact(Measure("tổng số xã đạt chuẩn nông thôn mới", d.met + more, "xã", "=", "target",
                       written=f"{d.met + more}/{d.communes}", optional=True))
        w.fact(Deadline(dt.date(year, 12, 31), "year", written=f"năm {year}"))
        w.para(fill(template, nam=year, t=more, k=d.met + more, n=d.communes) + ".")
    elif story.criteria:
        criteria_target_content(w, story.criteria, year)
    w.para(year_intro(w, "next_year_intros", year))
    write_measures(w, story.take_targets(), "target")
    w.heading(2, pick(w.rng, ["Nhiệm vụ trọng tâm", "Nhiệm vụ, giải pháp chủ yếu"]))
    for task in w.rng.sample(phrases()["tasks"], w.rng.randint(2, 4)):
        w.bullet(task_sentence(w, task, year))


def district_status(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    d = story.district
    for sentence in w.filler("district_direction", (1, 2)):
        w.para(sentence)
    if not d:
        return
    # A commune ratio "14/31 xã" and an average "bình quân đạt 17,75 tiêu chí/xã" are results, not criteria summaries.
    text = fill(pick(w.rng, phrases()["district_summary"]), k=d.met, n=d.communes)
    w.fact(Measure("xã đạt chuẩn nông thôn mới", d.met, "xã", "=", "result", written=f"{d.met}/{d.communes}",
                   optional=True))
    if maybe(w.rng, 0.7):
        average = fill(pick(w.rng, phrases()["district_average"]), a=vn_number(d.average, 2))
        text += "; " + average
        w.fact(Measure(average.split(" đạt ")[0], d.average, "tiêu chí/xã", "=", "result", written=average))
    if d.advanced and maybe(w.rng, 0.6):
        text += f"; có {d.advanced} xã đạt chuẩn nông thôn mới nâng cao"
        w.fact(Measure("xã đạt chuẩn nông thôn mới nâng cao", d.advanced, "xã", "=", "result",
                       written=str(d.advanced), optional=True))
    w.para(text + ".")


def proposals(w: Writer, story: Story, title: str) -> None:
    w.heading(1, title)
    for sentence in w.filler("district_proposals" if w.setting.district_level else "proposals", (2, 3)):
        w.bullet(sentence)


def conclusion_assessment(w: Writer, story: Story, title: str) -> None:
    w.heading(2, title)
    w.para("Ban Thường vụ Đảng ủy ghi nhận sự cố gắng của Ủy ban nhân dân xã, các ban, ngành, đoàn thể và các thôn "
           "trong triển khai thực hiện Chương trình xây dựng nông thôn mới.")
    if story.criteria:
        status_content(w, story.criteria)
    if story.results:
        w.para(pick(w.rng, phrases()["result_intros"]))
        write_measures(w, story.results, "result")
    for sentence in w.filler("limitations", (1, 2)):
        w.para(f"Tuy nhiên, {sentence[0].lower()}{sentence[1:]}" if maybe(w.rng, 0.5) else sentence)


def conclusion_tasks(w: Writer, story: Story, title: str) -> None:
    w.heading(2, title)
    if story.criteria:
        criteria_target_content(w, story.criteria, story.year)
    w.para(year_intro(w, "objective_intros", story.year))
    write_measures(w, story.take_targets(), "target")
    for task in w.rng.sample(phrases()["tasks"], w.rng.randint(2, 4)):
        w.bullet(task_sentence(w, task, story.year))


def organization_points(w: Writer, story: Story, title: str) -> None:
    organization_party(w, story, title, level=2)


def articles(w: Writer, story: Story, title: str) -> None:
    """A commune People's Council resolution: Điều 1 (targets), Điều 2 (implementation), Điều 3."""
    w.para(f"Điều 1. Thông qua Kế hoạch thực hiện Chương trình xây dựng nông thôn mới năm {story.year} "
           "với các mục tiêu, chỉ tiêu chủ yếu sau:", bold=False)
    plan = story.criteria
    if plan:
        criteria_target_content(w, plan, story.year)
    w.para(year_intro(w, "objective_intros", story.year))
    write_measures(w, story.take_targets(), "target")
    w.para("Điều 2. Tổ chức thực hiện")
    deadline = deadline_words(w, new_deadline(w, story.year, pick(w.rng, ["quarter", "day", "month"])))
    w.para(f"1. Giao Ủy ban nhân dân xã tổ chức triển khai thực hiện Nghị quyết; báo cáo kết quả với Hội đồng nhân dân xã {deadline}.")
    w.para("2. Thường trực Hội đồng nhân dân, các Ban Hội đồng nhân dân và đại biểu Hội đồng nhân dân xã giám sát việc thực hiện Nghị quyết.")
    w.para("Điều 3. Hiệu lực thi hành")


def letter_items(w: Writer, story: Story, title: str) -> None:
    """A letter's numbered requests, each with its deadline, then where to report."""
    rng = w.rng
    for i, task in enumerate(rng.sample(phrases()["tasks"], rng.randint(2, 4)), start=1):
        w.para(f"{i}. {task_sentence(w, task, story.year)}")
    w.para(f"{i + 1}. {_report_back(w, story.year)}")


SECTIONS: dict[str, Callable[[Writer, Story, str], None]] = {
    "purpose": purpose, "objectives": objectives, "viewpoints_objectives": viewpoints_objectives,
    "solutions": solutions, "schedule": schedule, "budget": budget, "organization": organization,
    "organization_party": organization_party, "results": results, "results_with_status": results_with_status,
    "status": status, "status_by_criterion": status_by_criterion, "assessment": assessment,
    "direction": direction, "next_year": next_year, "district_status": district_status,
    "proposals": proposals, "criteria_tasks": criteria_tasks, "conclusion_assessment": conclusion_assessment,
    "conclusion_tasks": conclusion_tasks, "organization_points": organization_points,
    "articles": articles, "letter_items": letter_items,
}


