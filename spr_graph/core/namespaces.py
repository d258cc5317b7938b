"""IRIs: the one base, the vocabulary, the concept schemes and the data collections."""

from __future__ import annotations


class Namespace:
    """An IRI prefix: ``NS.term`` and ``NS["term"]`` give the full IRI as a plain ``str``.

    Not rdflib's Namespace, so that commands which never touch rdflib do not pay its
    ~120 ms import at start-up; and not a ``str`` subclass, so that terms named like
    string methods (``dcterms:title``, ``dcterms:format``) resolve to IRIs.

    Examples
    --------
    >>> SKOS.prefLabel
    'http://www.w3.org/2004/02/skos/core#prefLabel'
    >>> DCTERMS.title, SPR["Threat"]
    ('http://purl.org/dc/terms/title', 'https://w3id.org/spr-graph/def/spr#Threat')
    """

    __slots__ = ("_iri",)

    def __init__(self, iri: str) -> None:
        self._iri = iri

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._iri + name

    def __getitem__(self, name: str) -> str:
        return self._iri + name

    def __str__(self) -> str:
        return self._iri

    def __format__(self, spec: str) -> str:
        return format(self._iri, spec)

    def __repr__(self) -> str:
        return f"Namespace({self._iri!r})"


BASE = "https://w3id.org/spr-graph/"

SPR = Namespace(f"{BASE}def/spr#")
THR15 = Namespace(f"{BASE}id/threat/2015/")
THR23 = Namespace(f"{BASE}id/threat/2023/")
C5 = Namespace(f"{BASE}id/five-c/")
PILLAR = Namespace(f"{BASE}id/contest-pillar/")
LEVEL = Namespace(f"{BASE}id/level/")
STATUS = Namespace(f"{BASE}id/evidence-status/")
ROLE = Namespace(f"{BASE}id/quantity-role/")
UOM = Namespace(f"{BASE}id/unit-of-measure/")
SCHEME = Namespace(f"{BASE}id/scheme/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
TIME = Namespace("http://www.w3.org/2006/time#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

ONTOLOGY_GRAPH = f"{BASE}id/graph/ontology"
SHAPES_GRAPH = f"{BASE}id/graph/shapes"


def document_namespaces(doc_id: str) -> tuple[Namespace, Namespace, Namespace]:
    """The paragraph, graph and statement namespaces of one source document.

    Parameters
    ----------
    doc_id : str
        The document's identifier, as in its file name (``wmp-spr-2020-01-21``).

    Returns
    -------
    tuple of Namespace
        The namespaces of its paragraphs, of their named graphs and of its statements.

    Examples
    --------
    >>> paragraph, graph, statement = document_namespaces("nsp-2024")
    >>> paragraph["5"]
    'https://w3id.org/spr-graph/id/paragraph/nsp-2024/5'
    >>> graph["5"]
    'https://w3id.org/spr-graph/id/graph/nsp-2024/5'
    """
    return (
        Namespace(f"{BASE}id/paragraph/{doc_id}/"),
        Namespace(f"{BASE}id/graph/{doc_id}/"),
        Namespace(f"{BASE}id/statement/{doc_id}/"),
    )


#: Prefixes used in every file, query and output, in a stable order.
PREFIXES: dict[str, str] = {
    "spr": str(SPR),
    "thr15": str(THR15),
    "thr23": str(THR23),
    "c5": str(C5),
    "pillar": str(PILLAR),
    "level": str(LEVEL),
    "status": str(STATUS),
    "role": str(ROLE),
    "uom": str(UOM),
    "tl": f"{BASE}id/threat-level/",
    "scheme": str(SCHEME),
    "ag": f"{BASE}id/organisation/",
    "post": f"{BASE}id/post/",
    "person": f"{BASE}id/person/",
    "cap": f"{BASE}id/capability/",
    "qty": f"{BASE}id/quantity/",
    "fund": f"{BASE}id/funding/",
    "ini": f"{BASE}id/initiative/",
    "ev": f"{BASE}id/event/",
    "sys": f"{BASE}id/system/",
    "fac": f"{BASE}id/facility/",
    "place": f"{BASE}id/place/",
    "doc": f"{BASE}id/document/",
    "insp": f"{BASE}id/inspection/",
    "risk": f"{BASE}id/risk/",
    "cat": f"{BASE}id/threat-category/",
    "t": f"{BASE}id/instant/",
    "stmt": f"{BASE}id/statement/wmp-spr-2020-01-21/",
    "para": f"{BASE}id/paragraph/wmp-spr-2020-01-21/",
    "g": f"{BASE}id/graph/wmp-spr-2020-01-21/",
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "time": str(TIME),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}

TURTLE_PREFIXES = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def shorten(iri: str) -> str:
    """Prefixed name for an IRI when one of our prefixes covers it, else ``<iri>``.

    The longest prefix of :data:`PREFIXES` wins; a local part that a prefixed name could
    not carry as written (a space, a slash) keeps the IRI whole.

    Parameters
    ----------
    iri : str
        A full IRI, without angle brackets.

    Returns
    -------
    str
        ``prefix:local``, or ``<iri>``.

    Examples
    --------
    >>> shorten("https://w3id.org/spr-graph/id/organisation/rocu")
    'ag:rocu'
    >>> shorten("http://example.org/x")
    '<http://example.org/x>'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else f"<{iri}>"


def expand(name: str) -> str | None:
    """Full IRI for ``prefix:local`` or ``<iri>``; None when it is neither.

    Parameters
    ----------
    name : str
        A prefixed name using one of :data:`PREFIXES`, or an IRI in angle brackets.

    Returns
    -------
    str or None
        The full IRI; ``None`` for a bare IRI, an unknown prefix or a plain word.

    Examples
    --------
    >>> expand("ag:rocu")
    'https://w3id.org/spr-graph/id/organisation/rocu'
    >>> expand("<http://example.org/x>")
    'http://example.org/x'
    >>> expand("http://example.org/x") is None, expand("ROCU") is None
    (True, True)
    """
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None
