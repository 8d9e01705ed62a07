"""The bundled sample corpus as package data (installed as ``kg.examples``).

``kg demo`` reads it with :func:`importlib.resources.files`
(``files("kg.examples") / "corpus"``), so it runs from an installed wheel.
"""
