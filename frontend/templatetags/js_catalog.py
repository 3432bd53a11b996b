"""{% js_catalog %}: the page language's JavaScript translations (the djangojs catalogue, as
Django's JavaScriptCatalog builds it) as a json_script block that js/i18n.js reads. Data in
the page rather than a /jsi18n/ script: no request of its own on every page load, nothing for
the parser to wait for, and nothing that runs — empty in French, the language of the source."""

from functools import lru_cache

from django import template
from django.utils.html import json_script
from django.utils.translation import get_language
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

register = template.Library()


@lru_cache(maxsize=None)
def catalog(language):
    """{French source: translation} of the frontend's JavaScript strings (plural entries
    keep their list of forms, as in Django's catalogue)."""
    view = JavaScriptCatalog(packages=["frontend"])
    view.translation = DjangoTranslation(language, domain=view.domain, localedirs=view.get_paths(view.packages))
    return view.get_catalog()


@register.simple_tag
def js_catalog():
    return json_script(catalog(get_language()), "js-catalog")
