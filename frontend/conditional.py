"""Conditional GET for pages made only of published data (a territory, a network): their
ETag names the dataset version (initiatives/dataset.py), so a visitor coming back to an
unchanged page gets a 304 after one tiny query, as the API does.

Only for anonymous visitors: a signed-in one sees what the dataset version does not follow
(a network's pending requests, their name in the header). The ETag also names the page's
language, the visitor's CSRF secret (the page's forms carry a token made from it; read after
the view, which may have set it) and the running code (a deployment restarts the process and
may change the page).

A page carries its CSP nonce in its inline script, and a 304 has no body: the 304 leaves out
the Content-Security-Policy header, so that the browser keeps the policy stored with the page
it reuses (RFC 9111, 4.3.4: a 304 updates only the headers it carries)."""

import functools
import hashlib
import secrets

from django.contrib.messages import get_messages
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from initiatives.dataset import dataset_state

# New at each start of the server (gunicorn --preload: shared by its workers).
CODE_VERSION = secrets.token_hex(8)


def page_etag(request, dataset, extra=""):
    key = "|".join([
        CODE_VERSION, dataset.key, extra, request.get_full_path(), get_language(),
        request.META.get("CSRF_COOKIE", ""),  # CsrfViewMiddleware: the secret, from the cookie or new
    ])  # fmt: skip
    return '"%s"' % hashlib.sha1(key.encode()).hexdigest()[:20]


def dataset_page(view=None, *, also=None):
    """Answer a repeat GET of an anonymous visitor with a 304 while the dataset version is
    the same (and `also()`, what the page shows that the version does not follow, e.g. the
    sources' last sync). The view receives the dataset state as `dataset`."""
    if view is None:
        return functools.partial(dataset_page, also=also)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        dataset = dataset_state()
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated or len(get_messages(request)):
            return view(request, *args, dataset=dataset, **kwargs)
        extra = also() if also else ""
        response = get_conditional_response(request, etag=page_etag(request, dataset, extra))
        if response is not None:
            response._csp_exempt = True  # keep the policy (and nonce) of the stored page
        else:
            response = view(request, *args, dataset=dataset, **kwargs)
            if response.status_code != 200:
                return response
        response["ETag"] = page_etag(request, dataset, extra)
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
