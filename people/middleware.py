from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Pick the interface language: the signed-in person's saved choice, else the language cookie, else Kazakh.

    The browser's Accept-Language is deliberately not consulted: the university's default language is Kazakh
    and a person switches it once with the language switch (remembered on their account).
    Replaces django.middleware.locale.LocaleMiddleware, so it must come after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = dict(settings.LANGUAGES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        lang = None
        if user is not None and user.is_authenticated and user.language in self.supported:
            lang = user.language
        if lang is None:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            lang = cookie if cookie in self.supported else settings.LANGUAGE_CODE
        previous = translation.get_language()
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        try:
            response = self.get_response(request)
        finally:
            # the thread goes back to what it had, so one person's language never leaks into the next request
            if previous:
                translation.activate(previous)
            else:
                translation.deactivate()
        response.headers.setdefault("Content-Language", lang)
        patch_vary = response.headers.get("Vary", "")
        if "Cookie" not in patch_vary:
            response.headers["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response
