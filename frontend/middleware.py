from django.conf import settings
from django.utils import translation


class FrenchFirstLocaleMiddleware:
    """French unless the visitor chose another language with the switch (its cookie):
    the browser's Accept-Language is not enough to leave French, the project's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
