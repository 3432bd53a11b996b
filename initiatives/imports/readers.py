"""One reader per format: from the source's text stream to rows of (position, flat record),
one at a time — a CSV line by line, JSON by a streaming parser (ijson) — so that memory does
not grow with the file.

A record is a flat dict: nested JSON objects become dotted keys ("geo.latitude",
"address.postalCode"), so that one kind of mapping serves every format. A reader refuses
the whole file (ImportRefused) when it is not of its format at all, and marks a single row
as unreadable (an "_error" key) when only that row is wrong."""

import csv

import ijson
from django.utils.translation import gettext as _

from .errors import ImportRefused

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Row(dict):
    """A record, with where it was found (a line in a CSV, an element in a JSON list)."""

    def __init__(self, position, label, values):
        super().__init__(values)
        self.position = position
        self.label = label

    @property
    def where(self):
        return f"{self.label} {self.position}"


def first_line(stream):
    """The first line of a text stream, which is then read again from its beginning."""
    line = stream.readline()
    stream.seek(0)
    return line


def read_csv(stream):
    """Comma or semicolon separated, with a header line; the separator is the one the
    header uses most."""
    header = first_line(stream)
    if not header.strip():
        raise ImportRefused(_("Le fichier CSV est vide ou n’a pas de ligne d’en-tête."))
    reader = csv.DictReader(stream, delimiter=csv_delimiter(header), strict=True)
    try:
        header = reader.fieldnames or []
        if len(header) < 2:
            raise ImportRefused(_("Ce n’est pas un CSV : l’en-tête n’a qu’une colonne (séparateur , ou ; attendu)."))
        label = _("ligne")  # once: a translation per row cost more than reading it
        for record in reader:
            values = {(k or "").strip(): _cell(v) for k, v in record.items()}
            row = Row(reader.line_num, label, values)
            if None in record:  # more cells than the header
                row["_error"] = ("", _("plus de cellules que de colonnes dans l’en-tête"))
            if any(values.values()):  # blank lines are not rows
                yield row
    except csv.Error as exc:
        raise ImportRefused(_("CSV illisible à la ligne %(line)d : %(error)s") % {"line": reader.line_num, "error": exc}) from None


def _cell(value):
    """A cell's text. A quote before a formula character is how spreadsheet exports (ours
    among them, api/formats.py) keep a cell from being run as a formula: it is not data."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    if value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
        return value[1:]
    return value


def csv_delimiter(header):
    """The separator the header line uses most: ";" or ","."""
    header = header.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


class _Utf8Bytes:
    """A text stream read as UTF-8 bytes, what ijson parses (the encoding was detected before)."""

    def __init__(self, stream):
        self.stream = stream

    def read(self, size):
        return self.stream.read(size).encode("utf-8")


def _json_records(stream, key, refusal, type_=None):
    """The elements of the top-level list, or of the list under `key` of the top-level
    object, one at a time, built by ijson in C. With `type_`, the top-level object's "type"
    member must be that (it may come after the list: checked once the list is read)."""
    first = _parse(lambda: next(ijson.parse(_Utf8Bytes(stream))), stream)[1]
    if first not in ("start_array", "start_map"):
        raise ImportRefused(refusal)
    found = False
    items = ijson.items(_Utf8Bytes(stream), "item" if first == "start_array" else f"{key}.item", use_float=True)
    try:
        for item in items:
            found = True
            yield item
    except ijson.JSONError as exc:
        raise ImportRefused(_json_error(exc)) from None
    if first == "start_map" and not found:  # no element: was there a list at all?
        stream.seek(0)
        found = _parse(lambda: any(prefix == key and event == "start_array"
                                   for prefix, event, _value in ijson.parse(_Utf8Bytes(stream))), None)  # fmt: skip
    if type_ is not None and first == "start_map":
        stream.seek(0)
        found = found and _parse(lambda: next(ijson.items(_Utf8Bytes(stream), "type"), None), None) == type_
    if not found or (type_ is not None and first != "start_map"):
        raise ImportRefused(refusal)


def _json_error(exc):
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return _("JSON illisible : %s") % reason


def _parse(step, rewind):
    """step(), with the parser's errors as a refusal in French; `rewind` (a stream) is read
    again from its beginning afterwards."""
    try:
        return step()
    except ijson.JSONError as exc:
        raise ImportRefused(_json_error(exc)) from None
    except StopIteration:
        raise ImportRefused(_("JSON illisible : le fichier est vide.")) from None
    finally:
        if rewind is not None:
            rewind.seek(0)


def flatten(value, prefix=""):
    flat = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            flat.update(flatten(item, name + "."))
        else:
            flat[name] = item
    return flat


def read_geojson(stream):
    """A FeatureCollection of Point features; any other geometry makes its row invalid."""
    refusal = _("Ce n’est pas du GeoJSON : une FeatureCollection avec une liste « features » est attendue.")
    features = _json_records(stream, "features", refusal, type_="FeatureCollection")
    label = _("élément")
    for index, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            yield Row(index, label, {"_error": ("", _("ce n’est pas une Feature GeoJSON"))})
            continue
        properties = feature.get("properties") or {}
        row = Row(index, label, flatten(properties) if isinstance(properties, dict) else {})
        if feature.get("id") is not None:
            row.setdefault("id", feature["id"])
        geometry = feature.get("geometry")
        if geometry is None:
            pass
        elif not isinstance(geometry, dict) or geometry.get("type") != "Point":
            kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
            row["_error"] = ("location", _("géométrie « %s » refusée : seuls les points (Point) sont acceptés") % kind)
        elif not isinstance(geometry.get("coordinates"), list) or len(geometry["coordinates"]) < 2:
            row["_error"] = ("location", _("coordonnées du point illisibles"))
        else:
            row["geometry.longitude"], row["geometry.latitude"] = geometry["coordinates"][:2]
        yield row


def read_gogocarto(stream):
    """The GoGoCarto API export ("gogofull" ontology): {"data": [element, …]}, each element
    with name, geo.latitude/longitude, address.*, categories (ids or names) or optionValues."""
    elements = _json_records(stream, "data", _("Ce n’est pas un export GoGoCarto : un objet avec une liste « data » est attendu."))
    label = _("élément")
    for index, element in enumerate(elements, start=1):
        if not isinstance(element, dict):
            yield Row(index, label, {"_error": ("", _("élément illisible (un objet est attendu)"))})
            continue
        row = Row(index, label, flatten(element))
        # optionValues: [{"optionId": 12, "description": …}] (or bare ids) in older exports.
        options = element.get("optionValues")
        if isinstance(options, list):
            row["optionValues"] = [o.get("optionId") if isinstance(o, dict) else o for o in options]
        # categoriesFull: [{"id": …, "name": …}] in newer exports: names map best.
        full = element.get("categoriesFull")
        if isinstance(full, list):
            row["categoriesFull"] = [c.get("name") if isinstance(c, dict) else c for c in full]
        yield row


def read_data_inclusion(stream):
    """data·inclusion `structure` records: a JSON list (or {"items": [...]}, the API's page)."""
    records = _json_records(stream, "items", _("Ce n’est pas un fichier data·inclusion : une liste de structures est attendue."))
    label = _("élément")
    for index, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            yield Row(index, label, {"_error": ("", _("structure illisible (un objet est attendu)"))})
            continue
        yield Row(index, label, flatten(record))


def read_mednum(stream):
    """The "lieux de médiation numérique" Table Schema: a CSV with its own column names."""
    rows = read_csv(stream)
    first = next(rows, None)
    if first is None:
        return
    if not {"id", "nom"} <= set(first):
        raise ImportRefused(_("Ce n’est pas un CSV « lieux de médiation numérique » : colonnes « id » et « nom » attendues."))
    yield first
    yield from rows


READERS = {
    "csv": read_csv,
    "geojson": read_geojson,
    "gogocarto": read_gogocarto,
    "data-inclusion": read_data_inclusion,
    "mednum": read_mednum,
}
