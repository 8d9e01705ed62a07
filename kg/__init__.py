"""bangfu-kg core: gazetteer, resolution, mapping, store, analysis and the `kg` CLI."""

__version__ = "0.1.0"
