"""The project's ontology as package data (installed as ``kg.ontology``).

``kg.ttl`` is the OWL/RDFS vocabulary and ``shapes.ttl`` the SHACL shapes;
read them with :func:`importlib.resources.files` (``files("kg.ontology")``),
never by a path relative to the checkout, so an installed wheel works too.
"""
