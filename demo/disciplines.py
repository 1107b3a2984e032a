"""Demo syllabi (issue 10, part 6): 15 weeks with lessons and materials in kk/ru/en for the disciplines the demo
student takes in the current term, and the teacher's card (achievements, experience, contacts) of their teachers.

Idempotent: a discipline that already has a syllabus is left as it is (a teacher's edits survive a re-run). Rows are
written with bulk_create, a handful of queries per discipline.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from curriculum.models import Registration
from disciplines.models import Lesson, LessonFile, LessonLink, ReadingItem, Syllabus, SyllabusWeek
from people.models import TeacherRecord
from schedule.models import LessonType, Stream

from .base import rng_for

DEMO_STUDENT = "student@demo.kz"
WEEKS = 15
TOPICS = [
    ("Кіріспе және негізгі ұғымдар", "Введение и основные понятия", "Introduction and key concepts"),
    ("Тарихи шолу", "Исторический обзор", "A historical overview"),
    ("Негізгі әдістер", "Основные методы", "Core methods"),
    ("Модельдер мен теориялар", "Модели и теории", "Models and theories"),
    ("Деректермен жұмыс", "Работа с данными", "Working with data"),
    ("Практикалық қолданыс", "Практическое применение", "Applications in practice"),
    ("Бірінші аралық бақылауға дайындық", "Подготовка к первому рубежному контролю", "Preparing for midterm 1"),
    ("Күрделі тақырыптар I", "Сложные темы I", "Advanced topics I"),
    ("Күрделі тақырыптар II", "Сложные темы II", "Advanced topics II"),
    ("Кейс-стади", "Разбор кейсов", "Case studies"),
    ("Жобалық жұмыс", "Проектная работа", "Project work"),
    ("Сапа және бағалау", "Качество и оценка", "Quality and assessment"),
    ("Заманауи үрдістер", "Современные тенденции", "Current trends"),
    ("Екінші аралық бақылауға дайындық", "Подготовка ко второму рубежному контролю", "Preparing for midterm 2"),
    ("Қорытынды және емтиханға дайындық", "Итоги и подготовка к экзамену", "Summary and exam preparation"),
]
KIND_TITLES = {
    LessonType.LECTURE: ("Дәріс", "Лекция", "Lecture"),
    LessonType.PRACTICE: ("Практикалық сабақ", "Практическое занятие", "Practice"),
    LessonType.LAB: ("Зертханалық жұмыс", "Лабораторная работа", "Lab"),
}
CONTENT = (
    "<p><strong>Сабақтың мақсаты:</strong> «{topic}» тақырыбын меңгеру.</p><ul><li>Негізгі ұғымдар</li>"
    "<li>Мысалдар</li><li>Өзіндік жұмыс</li></ul>",
    "<p><strong>Цель занятия:</strong> освоить тему «{topic}».</p><ul><li>Основные понятия</li>"
    "<li>Примеры</li><li>Самостоятельная работа</li></ul>",
    "<p><strong>Goal:</strong> to master “{topic}”.</p><ul><li>Key concepts</li><li>Examples</li>"
    "<li>Self-study</li></ul>",
)
BOOKS = [
    "Әбдіров Қ. Оқу құралы. — Алматы: Қазақ университеті, 2021.",
    "Иванов И. И. Учебник. — М.: Юрайт, 2020.",
    "Smith J. An Introduction. — Oxford University Press, 2019.",
]
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
TEACHER_CARD = {
    "achievements_kk": "«Үздік оқытушы» атағы (2023); 40-тан астам ғылыми мақала.",
    "achievements_ru": "Звание «Лучший преподаватель» (2023); более 40 научных статей.",
    "achievements_en": "“Best teacher” award (2023); over 40 research papers.",
    "experience_kk": "Оқытушылық өтілі 12 жыл; IT-компанияларда 5 жыл жұмыс.",
    "experience_ru": "Стаж преподавания 12 лет; 5 лет работы в IT-компаниях.",
    "experience_en": "12 years of teaching; 5 years in IT companies.",
}


def _current_disciplines(today: dt.date):
    registrations = Registration.objects.filter(student__user__email=DEMO_STUDENT).select_related("discipline", "term")
    ids = {r.discipline_id for r in registrations if r.term.start_date <= today <= r.term.end_date}
    if not ids:  # no registrations yet: the disciplines of the current term's streams
        ids = set(
            Stream.objects.filter(term__start_date__lte=today, term__end_date__gte=today)
            .order_by("discipline_id")
            .values_list("discipline_id", flat=True)
            .distinct()[:6]
        )
    return ids


def seed_syllabi(*, today: dt.date) -> dict:
    ids = _current_disciplines(today)
    done = set(Syllabus.objects.filter(discipline_id__in=ids).values_list("discipline_id", flat=True))
    todo = sorted(ids - done)
    rng = rng_for("disciplines-demo")
    labs = set(
        Stream.objects.filter(discipline_id__in=todo, kind=LessonType.LAB).values_list("discipline_id", flat=True)
    )
    syllabi = Syllabus.objects.bulk_create(
        [
            Syllabus(
                discipline_id=pk,
                summary_kk="Пән мамандықтың негізгі білімі мен дағдыларын қалыптастырады.",
                summary_ru="Дисциплина формирует базовые знания и навыки специальности.",
                summary_en="The discipline builds the core knowledge and skills of the programme.",
                skills_kk="Талдау, модельдеу, командада жұмыс, нәтижені ұсыну.",
                skills_ru="Анализ, моделирование, работа в команде, презентация результатов.",
                skills_en="Analysis, modelling, teamwork, presenting results.",
                hours_lecture=15,
                hours_practice=30,
                hours_lab=15 if pk in labs else 0,
                hours_self_study=90,
                control_form=Syllabus.ControlForm.EXAM,
            )
            for pk in todo
        ]
    )
    weeks = SyllabusWeek.objects.bulk_create(
        [
            SyllabusWeek(
                syllabus=syllabus,
                number=n,
                topic_kk=TOPICS[n - 1][0],
                topic_ru=TOPICS[n - 1][1],
                topic_en=TOPICS[n - 1][2],
                description_kk="Аптаның тақырыбы бойынша дәріс пен практика.",
                description_ru="Лекция и практика по теме недели.",
                description_en="A lecture and practice on the week's topic.",
            )
            for syllabus in syllabi
            for n in range(1, WEEKS + 1)
        ]
    )
    lab_syllabi = {s.pk for s in syllabi if s.discipline_id in labs}
    lessons = []
    for week in weeks:
        kinds = [LessonType.LECTURE, LessonType.PRACTICE]
        if week.syllabus_id in lab_syllabi and week.number % 2 == 0:
            kinds.append(LessonType.LAB)
        for order, kind in enumerate(kinds):
            titles = KIND_TITLES[kind]
            topic = TOPICS[week.number - 1]
            lessons.append(
                Lesson(
                    week=week,
                    kind=kind,
                    order=order,
                    **{
                        f"title_{lang}": f"{titles[i]} {week.number}: {topic[i]}"
                        for i, lang in enumerate(("kk", "ru", "en"))
                    },
                    **{
                        f"content_{lang}": CONTENT[i].format(topic=topic[i])
                        for i, lang in enumerate(("kk", "ru", "en"))
                    },
                )
            )
    lessons = Lesson.objects.bulk_create(lessons)
    LessonLink.objects.bulk_create(
        [
            LessonLink(
                lesson=lesson,
                url=f"https://www.youtube.com/results?search_query=lesson+{lesson.pk}",
                title_kk="Бейнедәріс",
                title_ru="Видеолекция",
                title_en="Video lecture",
            )
            for lesson in lessons
            if lesson.kind == LessonType.LECTURE
        ]
    )
    ReadingItem.objects.bulk_create(
        [
            ReadingItem(
                lesson=lesson,
                required=rng.random() < 0.7,
                citation_kk=BOOKS[0],
                citation_ru=BOOKS[1],
                citation_en=BOOKS[2],
            )
            for lesson in lessons
        ]
    )
    files = 0
    for lesson in lessons:  # one handout per discipline: its first lecture
        if lesson.kind == LessonType.LECTURE and lesson.order == 0 and lesson.week.number == 1:
            item = LessonFile(
                lesson=lesson,
                name="handout-week-1.pdf",
                content_type="application/pdf",
                size=len(PDF),
                token=f"demo{lesson.pk:028d}",
                title_kk="1-апта үлестірме материалы",
                title_ru="Раздаточный материал, неделя 1",
                title_en="Week 1 handout",
            )
            item.file.save(item.token, ContentFile(PDF), save=False)
            item.save()
            files += 1
    teacher_ids = Stream.objects.filter(discipline_id__in=ids).values_list("teacher_id", flat=True)
    TeacherRecord.objects.filter(user_id__in=teacher_ids, achievements_kk="").update(
        **TEACHER_CARD, phone="+7 727 377 33 33", office="A-305"
    )
    return {"syllabi": len(syllabi), "weeks": len(weeks), "lessons": len(lessons), "files": files}
