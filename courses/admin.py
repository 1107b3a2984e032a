"""Authoring online courses in Django admin (docs/modules.md#online-courses): the office manages every course; a
teacher with staff status manages the courses they author (their own only: the lists, the choices and the saves are
limited to them). Sections, lessons, materials and tests are inlines with their translations; an uploaded video or
material is checked by its content (courses.services.files)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from people.permissions import OfficeAdminMixin, is_office

from .models import Category, Course, CourseTest, Enrolment, Lesson, LessonMaterial, Section, Topic
from .services.files import material_check, video_check


def is_author_staff(user) -> bool:
    return bool(user.is_active and user.is_staff and user.is_teacher)


def _course_of(obj):
    for path in ("course", "section.course", "lesson.section.course"):
        target = obj
        for name in path.split("."):
            target = getattr(target, name, None)
        if isinstance(target, Course):
            return target
    return obj if isinstance(obj, Course) else None


class AuthorAdminMixin(OfficeAdminMixin):
    """The office as OfficeAdminMixin; a staff teacher on their own courses (and what belongs to them)."""

    office_may_delete = True
    author_path = "author"  # the lookup from this model to the course's author

    def _author_ok(self, request, obj=None) -> bool:
        if not is_author_staff(request.user):
            return False
        course = _course_of(obj) if obj is not None else None
        return course is None or course.author_id == request.user.pk

    def has_module_permission(self, request):
        return is_author_staff(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._author_ok(request, obj) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_author_staff(request.user) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._author_ok(request, obj) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._author_ok(request, obj) or super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_office(request.user) or request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.author_path: request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        office = is_office(request.user) or request.user.is_superuser
        if not office and db_field.related_model is Course:
            kwargs["queryset"] = Course.objects.filter(author=request.user)
        elif not office and db_field.related_model is Section:
            kwargs["queryset"] = Section.objects.filter(course__author=request.user)
        elif not office and db_field.name == "author":
            kwargs["queryset"] = type(request.user).objects.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ("section", "title", "description", "position", "video_file", "video_url", "duration_minutes")

    def clean_video_file(self):
        upload = self.cleaned_data.get("video_file")
        if upload and hasattr(upload, "content_type"):  # a new upload (not the stored file)
            self.instance.video_type = video_check(upload)
        return upload


class MaterialForm(forms.ModelForm):
    class Meta:
        model = LessonMaterial
        fields = ("lesson", "name", "file", "url", "position")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            self.instance.content_type = material_check(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise ValidationError(LessonMaterial._meta.get_field("file").error_messages["blank"])
        return data


@admin.register(Category)
class CategoryAdmin(OfficeAdminMixin, TabbedTranslationAdmin):
    office_may_delete = True
    list_display = ("name", "slug", "position")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Topic)
class TopicAdmin(OfficeAdminMixin, TabbedTranslationAdmin):
    office_may_delete = True
    list_display = ("name", "slug")
    search_fields = ("slug", "name")


class SectionInline(AuthorAdminMixin, TranslationTabularInline):
    model = Section
    extra = 0
    author_path = "course__author"
    show_change_link = True


class CourseTestInline(AuthorAdminMixin, admin.TabularInline):
    model = CourseTest
    extra = 0
    author_path = "course__author"


@admin.register(Course)
class CourseAdmin(AuthorAdminMixin, TabbedTranslationAdmin):
    list_display = ("title", "category", "author", "price", "needs_moderation", "is_published")
    list_filter = ("is_published", "category", "needs_moderation", "level")
    search_fields = ("title",)
    filter_horizontal = ("topics", "programmes")
    inlines = [SectionInline, CourseTestInline]

    def save_model(self, request, obj, form, change):
        if not (is_office(request.user) or request.user.is_superuser):
            obj.author = request.user
        super().save_model(request, obj, form, change)


class LessonInline(AuthorAdminMixin, TranslationStackedInline):
    model = Lesson
    form = LessonForm
    extra = 0
    author_path = "section__course__author"
    show_change_link = True


@admin.register(Section)
class SectionAdmin(AuthorAdminMixin, TabbedTranslationAdmin):
    author_path = "course__author"
    list_display = ("title", "course", "position")
    list_select_related = ("course",)
    inlines = [LessonInline]


class MaterialInline(AuthorAdminMixin, TranslationTabularInline):
    model = LessonMaterial
    form = MaterialForm
    extra = 0
    author_path = "lesson__section__course__author"


@admin.register(Lesson)
class LessonAdmin(AuthorAdminMixin, TabbedTranslationAdmin):
    form = LessonForm
    author_path = "section__course__author"
    list_display = ("title", "section", "position")
    list_select_related = ("section__course",)
    inlines = [MaterialInline]


@admin.register(Enrolment)
class EnrolmentAdmin(OfficeAdminMixin, admin.ModelAdmin):
    """Read by the office; enrolments change through the pages (enrol, the moderation queue)."""

    list_display = ("course", "student", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("course", "student__user")
    readonly_fields = [f.name for f in Enrolment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
