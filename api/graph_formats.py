"""The network graph as GEXF 1.2 and GraphML, so that Gephi (and networkx, yEd, Cytoscape…)
open it. Written with ElementTree, which escapes every name; characters XML 1.0 cannot hold
at all (control characters) are dropped first.

Both files are directed graphs: "member network → network" edges are directed memberships;
shared-member edges (weight = members in common) have no direction of their own, so GEXF
types them "mutual" and both formats label every edge with `kind` ("membership" or "shared").
"""

import re
import xml.etree.ElementTree as ET

NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

NODE_ATTRIBUTES = [("slug", "string"), ("members", "integer"), ("region", "string"),
                   ("department", "string"), ("themes", "string")]  # fmt: skip


def _text(value):
    return NOT_XML.sub("", str(value))


def _node_values(node):
    return {
        "slug": node["slug"], "members": node["members"], "region": node["region"],
        "department": node["department"], "themes": " ".join(node["themes"]),
    }  # fmt: skip


def _edges(graph):
    for a, b, weight in graph["shared"]:
        yield a, b, weight, "shared"
    for member, network in graph["membership"]:
        yield member, network, 1, "membership"


def _serialise(root):
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_gexf(graph, *, description):
    root = ET.Element("gexf", {"xmlns": "http://www.gexf.net/1.2draft", "version": "1.2"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "Carte des réseaux"
    ET.SubElement(meta, "description").text = _text(description)
    g = ET.SubElement(root, "graph", {"mode": "static", "defaultedgetype": "directed"})
    declared = ET.SubElement(g, "attributes", {"class": "node"})
    for name, kind in NODE_ATTRIBUTES:
        ET.SubElement(declared, "attribute", {"id": name, "title": name, "type": kind})
    declared = ET.SubElement(g, "attributes", {"class": "edge"})
    ET.SubElement(declared, "attribute", {"id": "kind", "title": "kind", "type": "string"})
    nodes = ET.SubElement(g, "nodes")
    for node in graph["nodes"]:
        element = ET.SubElement(nodes, "node", {"id": str(node["id"]), "label": _text(node["name"])})
        values = ET.SubElement(element, "attvalues")
        for name, value in _node_values(node).items():
            ET.SubElement(values, "attvalue", {"for": name, "value": _text(value)})
    edges = ET.SubElement(g, "edges")
    for i, (source, target, weight, kind) in enumerate(_edges(graph)):
        element = ET.SubElement(edges, "edge", {
            "id": str(i), "source": str(source), "target": str(target), "weight": str(weight),
            "type": "mutual" if kind == "shared" else "directed",
        })  # fmt: skip
        values = ET.SubElement(element, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "kind", "value": kind})
    return _serialise(root)


def to_graphml(graph, *, description):
    root = ET.Element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
    keys = [("label", "node", "string"), *((name, "node", "int" if kind == "integer" else "string")
            for name, kind in NODE_ATTRIBUTES), ("weight", "edge", "int"), ("kind", "edge", "string")]  # fmt: skip
    for name, target, kind in keys:
        ET.SubElement(root, "key", {"id": name, "for": target, "attr.name": name, "attr.type": kind})
    g = ET.SubElement(root, "graph", {"id": "reseaux", "edgedefault": "directed"})
    ET.SubElement(g, "desc").text = _text(description)
    for node in graph["nodes"]:
        element = ET.SubElement(g, "node", {"id": str(node["id"])})
        for name, value in {"label": node["name"], **_node_values(node)}.items():
            ET.SubElement(element, "data", {"key": name}).text = _text(value)
    for source, target, weight, kind in _edges(graph):
        element = ET.SubElement(g, "edge", {"source": str(source), "target": str(target)})
        ET.SubElement(element, "data", {"key": "weight"}).text = str(weight)
        ET.SubElement(element, "data", {"key": "kind"}).text = kind
    return _serialise(root)
