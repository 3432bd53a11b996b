import io
import json

from django.core.management import call_command

from initiatives.models import Dataset, Initiative, Revision


def import_file(tmp_path, content, fmt, *options, name=None):
    """Run the real command on a file holding `content` (bytes, str or JSON data); its output."""
    if not isinstance(content, (bytes, str)):
        content = json.dumps(content, ensure_ascii=False)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path = tmp_path / (name or f"source.{fmt}")
    path.write_bytes(content)
    return run(str(path), fmt, *options)


def run(location, fmt, *options):
    out = io.StringIO()
    call_command("import_initiatives", location, "--format", fmt, "--no-progress", *options, stdout=out)
    return out.getvalue()


def state():
    """What must not move when nothing is written."""
    return (Initiative.objects.count(), Revision.objects.count(), Dataset.current().version)
