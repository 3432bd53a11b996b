"""A real HTTP server on 127.0.0.1 as the source of URL imports, with the misbehaving kinds
of source: slow, endless, redirecting in a loop."""

import pytest

from tests.http_source import SourceHandler, serving


class FilesHandler(SourceHandler):
    files = {}  # path -> bytes, set by the tests

    def serve(self):
        if self.path in self.files:
            return self.send(200, self.files[self.path])
        return self.send(404, b"")


@pytest.fixture
def source_server():
    FilesHandler.files = {}
    with serving(FilesHandler) as (server, url):
        yield server, url
