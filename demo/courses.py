"""Demo online courses (issue 12, part 4): three categories, six courses by teacher@demo.kz (free and paid, one
whose enrolment a moderator approves), in Kazakh, Russian and English, each with sections, lessons whose videos are
links, a small material file made here, and a test of the course (testing.Quiz for a course's learners, a few
questions). student@demo.kz studies one free course with two lessons done, has flagged another, and can afford the
paid "Data analysis in Excel" (5 000 ₸) from the balance demo/finance.py leaves; another student's application for
the moderated course waits in the queue (courses:moderation).

Idempotent: categories and topics by slug, courses by their English title, sections, lessons and materials by
position, the quiz by its title; enrolments and favourites are get-or-create."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from courses.models import Category, Course, CourseTest, Enrolment, Favourite, Lesson, LessonMaterial, Section, Topic
from courses.services.enrolment import enrolment_create
from courses.services.learning import lesson_complete
from curriculum.models import Discipline
from finance.services.topups import topup_external_post
from people.models import StudentRecord, User
from testing.models import Question, QuestionBank, QuestionType, Quiz, QuizQuestion

CATEGORIES = [
    ("it", ("Ақпараттық технологиялар", "Информационные технологии", "Information technology")),
    ("languages", ("Тілдер", "Языки", "Languages")),
    ("career", ("Мансап және бизнес", "Карьера и бизнес", "Career and business")),
]
TOPICS = [
    ("programming", ("Бағдарламалау", "Программирование", "Programming")),
    ("data", ("Деректер", "Данные", "Data")),
    ("english", ("Ағылшын тілі", "Английский язык", "English language")),
    ("kazakh", ("Қазақ тілі", "Казахский язык", "Kazakh language")),
    ("management", ("Менеджмент", "Менеджмент", "Management")),
    ("soft-skills", ("Икемді дағдылар", "Гибкие навыки", "Soft skills")),
]
VIDEO = "https://www.youtube.com/watch?v=rfscVS0vtbw"

# category, topics, price, needs moderation, for the demo student's programme, (kk, ru, en) title, (kk, ru, en)
# description, sections: (kk, ru, en) title and lessons (kk, ru, en)
COURSES = [
    (
        "it",
        ("programming",),
        "0",
        False,
        True,
        ("Python бағдарламалау негіздері", "Основы программирования на Python", "Python programming basics"),
        (
            "Айнымалылардан функцияларға дейін: алғашқы бағдарламаларыңызды жазыңыз.",
            "От переменных до функций: напишите свои первые программы.",
            "From variables to functions: write your first programs.",
        ),
        [
            (
                ("Кіріспе", "Введение", "Introduction"),
                [
                    ("Python тілін орнату", "Установка Python", "Installing Python"),
                    ("Алғашқы бағдарлама", "Первая программа", "Your first program"),
                ],
            ),
            (
                ("Негіздер", "Основы", "Basics"),
                [
                    ("Айнымалылар мен типтер", "Переменные и типы", "Variables and types"),
                    ("Функциялар", "Функции", "Functions"),
                ],
            ),
        ],
    ),
    (
        "it",
        ("data",),
        "5000",
        False,
        True,
        ("Excel-де деректерді талдау", "Анализ данных в Excel", "Data analysis in Excel"),
        (
            "Кестелер, формулалар, жиынтық кестелер және диаграммалар.",
            "Таблицы, формулы, сводные таблицы и диаграммы.",
            "Tables, formulas, pivot tables and charts.",
        ),
        [
            (
                ("Кестелер", "Таблицы", "Tables"),
                [
                    ("Деректерді енгізу", "Ввод данных", "Entering data"),
                    ("Формулалар", "Формулы", "Formulas"),
                ],
            ),
            (("Талдау", "Анализ", "Analysis"), [("Жиынтық кестелер", "Сводные таблицы", "Pivot tables")]),
        ],
    ),
    (
        "languages",
        ("english",),
        "0",
        False,
        False,
        ("Ағылшын тілінде академиялық жазу", "Академическое письмо на английском", "Academic writing in English"),
        (
            "Эссе мен ғылыми мақала құрылымы, дәйексөз келтіру.",
            "Структура эссе и научной статьи, цитирование.",
            "The structure of an essay and a paper, citing sources.",
        ),
        [
            (
                ("Эссе", "Эссе", "The essay"),
                [
                    ("Тезис", "Тезис", "The thesis statement"),
                    ("Абзац құрылымы", "Структура абзаца", "Paragraph structure"),
                ],
            )
        ],
    ),
    (
        "languages",
        ("kazakh",),
        "0",
        False,
        False,
        ("Кәсіби қарым-қатынас қазақ тілінде", "Казахский язык для делового общения", "Kazakh for professional use"),
        (
            "Іскери хат, кездесу және таныстыру.",
            "Деловое письмо, встреча и презентация.",
            "Business letters, meetings and presentations.",
        ),
        [(("Іскери хат", "Деловое письмо", "Business letters"), [("Хат үлгілері", "Образцы писем", "Sample letters")])],
    ),
    (
        "career",
        ("management", "soft-skills"),
        "4000",
        True,
        False,
        ("Жобаларды басқару негіздері", "Основы управления проектами", "Project management essentials"),
        (
            "Жоспарлау, тәуекелдер, команда. Жазылуды модератор мақұлдайды.",
            "Планирование, риски, команда. Запись подтверждает модератор.",
            "Planning, risks, the team. A moderator approves enrolment.",
        ),
        [
            (
                ("Жоспарлау", "Планирование", "Planning"),
                [("Жоба мақсаттары", "Цели проекта", "Project goals"), ("Тәуекелдер", "Риски", "Risks")],
            )
        ],
    ),
    (
        "career",
        ("soft-skills",),
        "0",
        False,
        False,
        ("Көпшілік алдында сөйлеу", "Публичные выступления", "Public speaking"),
        (
            "Сөзді дайындау және аудиториямен жұмыс.",
            "Подготовка речи и работа с аудиторией.",
            "Preparing a talk and holding an audience.",
        ),
        [(("Дайындық", "Подготовка", "Preparation"), [("Сөз құрылымы", "Структура речи", "Structure of a talk")])],
    ),
]
NOTES_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _i18n(field: str, texts) -> dict:
    return {f"{field}_{code}": text for code, text in zip(("kk", "ru", "en"), texts, strict=True)}


@transaction.atomic
def seed_courses(*, today=None) -> None:
    author = User.objects.filter(email="teacher@demo.kz").first()
    student = StudentRecord.objects.filter(user__email="student@demo.kz").select_related("user").first()
    if author is None or student is None:
        return
    categories = {
        slug: Category.objects.update_or_create(slug=slug, defaults={"position": i, **_i18n("name", names)})[0]
        for i, (slug, names) in enumerate(CATEGORIES)
    }
    topics = {
        slug: Topic.objects.update_or_create(slug=slug, defaults=_i18n("name", names))[0] for slug, names in TOPICS
    }
    courses = []
    for category, topic_slugs, price, moderated, for_programme, titles, descriptions, sections in COURSES:
        course, _created = Course.objects.update_or_create(
            title_en=titles[2],
            defaults={
                "category": categories[category],
                "author": author,
                "price": Decimal(price),
                "needs_moderation": moderated,
                "is_published": True,
                "language": "kk" if category != "languages" or "kazakh" in topic_slugs else "en",
                **_i18n("title", titles),
                **_i18n("description", descriptions),
            },
        )
        course.topics.set([topics[slug] for slug in topic_slugs])
        if for_programme:
            course.programmes.add(student.programme)
        _content(course, sections)
        courses.append(course)
    _course_test(courses[0], author)
    _student_study(student, courses)
    _pending_application(courses[4], exclude=student)


def _content(course: Course, sections) -> None:
    for s_pos, (titles, lessons) in enumerate(sections):
        section, _created = Section.objects.update_or_create(
            course=course, position=s_pos, defaults=_i18n("title", titles)
        )
        for l_pos, lesson_titles in enumerate(lessons):
            lesson, _created = Lesson.objects.update_or_create(
                section=section,
                position=l_pos,
                defaults={
                    "video_url": VIDEO,
                    "duration_minutes": 10 + 5 * l_pos,
                    **_i18n("title", lesson_titles),
                    **_i18n(
                        "description",
                        (
                            f"«{lesson_titles[0]}»: бейнені көріп, жазбаларды оқыңыз.",
                            f"«{lesson_titles[1]}»: посмотрите видео и прочитайте конспект.",
                            f"“{lesson_titles[2]}”: watch the video, then read the notes.",
                        ),
                    ),
                },
            )
            if s_pos == 0 and l_pos == 0 and not lesson.materials.exists():
                material = LessonMaterial(
                    lesson=lesson,
                    position=0,
                    content_type="application/pdf",
                    **_i18n("name", ("Конспект", "Конспект", "Notes")),
                )
                material.file.save("notes.pdf", ContentFile(NOTES_PDF), save=False)
                material.save()
                LessonMaterial.objects.get_or_create(
                    lesson=lesson,
                    position=1,
                    defaults={
                        "url": "https://docs.python.org/3/tutorial/",
                        **_i18n("name", ("Құжаттама", "Документация", "Documentation")),
                    },
                )


QUESTIONS = [
    ("Which keyword defines a function?", [("a", "def", 1.0), ("b", "func", 0.0), ("c", "lambda", 0.0)]),
    ("What does len('abc') return?", [("a", "3", 1.0), ("b", "2", 0.0), ("c", "'abc'", 0.0)]),
    ("Which type is 3.14?", [("a", "float", 1.0), ("b", "int", 0.0), ("c", "str", 0.0)]),
]


def _course_test(course: Course, author) -> None:
    """The final test of the Python course: three single-choice questions from the author's bank (a bank belongs to
    a discipline: the first of the demo's)."""
    discipline = Discipline.objects.order_by("code").first()
    if discipline is None:
        return
    bank, _created = QuestionBank.objects.get_or_create(
        owner=author, title="Online course: Python basics", defaults={"discipline": discipline}
    )
    quiz, _created = Quiz.objects.get_or_create(
        author=author,
        audience=Quiz.Audience.COURSE,
        title="Python basics: final test",
        defaults={"status": Quiz.Status.PUBLISHED, "duration_minutes": 15, "attempts_allowed": 3, "pass_percent": 60},
    )
    for position, (text, options) in enumerate(QUESTIONS):
        question, _created = Question.objects.get_or_create(
            bank=bank,
            name=text[:60],
            defaults={
                "type": QuestionType.SINGLE,
                "text": f"<p>{text}</p>",
                "data": {"options": [{"id": i, "text": t, "fraction": f, "feedback": ""} for i, t, f in options]},
            },
        )
        QuizQuestion.objects.get_or_create(quiz=quiz, question=question, defaults={"position": position})
    CourseTest.objects.get_or_create(course=course, quiz=quiz, defaults={"position": 0})


def _student_study(student, courses) -> None:
    python, _excel, _writing, kazakh = courses[:4]
    if not Enrolment.objects.filter(course=python, student=student).exists():
        enrolment = enrolment_create(course=python, student=student, notify_me=True, actor=student.user)
        for lesson in Lesson.objects.filter(section__course=python).order_by("section__position", "position")[:2]:
            lesson_complete(enrolment=enrolment, lesson=lesson)
    Favourite.objects.get_or_create(student=student, course=kazakh)


def _pending_application(course: Course, *, exclude) -> None:
    """Another student's application for the moderated course, waiting for the author (their balance covers it)."""
    other = (  # a grant student: the fee-paying ones' money is the finance demo's (a debtor among them)
        StudentRecord.objects.filter(funding=StudentRecord.Funding.GRANT, status=StudentRecord.Status.ACTIVE)
        .exclude(pk=exclude.pk)
        .select_related("user")
        .order_by("student_number")
        .first()
    )
    if other is None or Enrolment.objects.filter(course=course, student=other).exists():
        return
    topup_external_post(provider="kaspi", external_id="demo-kaspi-courses-1", student=other, amount="5000.00")
    enrolment_create(course=course, student=other, notify_me=True, actor=other.user)


__all__ = ["seed_courses"]
