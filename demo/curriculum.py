"""Disciplines, prerequisites and the eight-semester curricula of every programme and admission year in use."""

from django.db.models import Q

from curriculum.models import Curriculum, CurriculumItem, Discipline, ElectiveGroup

from .base import DemoContext, upsert
from .catalogue import ElectiveSpec, all_disciplines, plan_for


def seed_curricula(ctx: DemoContext) -> None:
    specs = all_disciplines()
    disciplines = upsert(
        Discipline,
        (
            {
                "code": s.code,
                "name_kk": s.name_kk,
                "name_ru": s.name_ru,
                "name_en": s.name_en,
                "credits": s.credits,
                "cycle": s.cycle,
                "component": s.component,
                "languages": s.languages,
                "description_kk": s.description_kk,
                "description_ru": s.description_ru,
                "description_en": s.description,
                "competences_kk": s.competences_kk,
                "competences_ru": s.competences_ru,
                "competences_en": s.competences_en,
                "department_id": ctx.departments[s.department].pk,
                "counts_in_gpa": s.counts_in_gpa,
            }
            for s in specs.values()
        ),
        key=("code",),
        scope=Q(code__in=list(specs)),
    )
    ctx.disciplines = {code: discipline for (code,), discipline in disciplines.items()}

    through = Discipline.prerequisites.through
    through.objects.bulk_create(
        [
            through(from_discipline_id=ctx.disciplines[s.code].pk, to_discipline_id=ctx.disciplines[pre].pk)
            for s in specs.values()
            for pre in s.prerequisites
        ],
        ignore_conflicts=True,
    )

    curricula = upsert(
        Curriculum,
        (
            {"programme_id": programme.pk, "admission_year": year}
            for programme in ctx.programmes.values()
            for year in ctx.admission_years
        ),
        key=("programme_id", "admission_year"),
        scope=Q(programme__in=list(ctx.programmes.values())),
    )
    code_of = {p.pk: code for code, p in ctx.programmes.items()}
    ctx.curricula = {(code_of[pid], year): c for (pid, year), c in curricula.items()}

    wanted = [(ctx.curricula[(code, year)], plan_for(code)) for code in ctx.programmes for year in ctx.admission_years]
    groups = upsert(
        ElectiveGroup,
        (
            {
                "curriculum_id": curriculum.pk,
                "title_kk": entry.title_kk,
                "title_ru": entry.title_ru,
                "title_en": entry.title,
                "choose": entry.choose,
            }
            for curriculum, plan in wanted
            for entries in plan.values()
            for entry in entries
            if isinstance(entry, ElectiveSpec)
        ),
        key=("curriculum_id", "title_en"),
        scope=Q(curriculum__in=[c for c, _ in wanted]),
    )
    items = []
    for curriculum, plan in wanted:
        for semester, entries in plan.items():
            for entry in entries:
                if isinstance(entry, ElectiveSpec):
                    group_id = groups[(curriculum.pk, entry.title)].pk
                    items += [_item(ctx, curriculum, semester, option.code, group_id) for option in entry.options]
                else:
                    items.append(_item(ctx, curriculum, semester, entry.code, None))
    upsert(
        CurriculumItem,
        items,
        key=("curriculum_id", "discipline_id"),
        scope=Q(curriculum__in=[c for c, _ in wanted]),
    )
    ctx.log(
        f"Curricula: {len(specs)} disciplines, {len(wanted)} curricula "
        f"(admission {min(ctx.admission_years)}–{max(ctx.admission_years)}), {len(items)} entries."
    )


def _item(ctx: DemoContext, curriculum, semester: int, code: str, group_id: int | None) -> dict:
    return {
        "curriculum_id": curriculum.pk,
        "discipline_id": ctx.disciplines[code].pk,
        "semester": semester,
        "elective_group_id": group_id,
    }
