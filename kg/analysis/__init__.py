"""Analysis 分析: coverage, linkage gaps, claim checks and network measures.

Everything is computed from the store through SPARQL (:mod:`kg.analysis.data`)
and the division registry, never by re-reading documents::

    from kg.store import open_store
    from ingest.gazetteer import load_gazetteer
    from kg import analysis

    data = analysis.load(open_store("kg-store", read_only=True))
    gz = load_gazetteer()
    analysis.coverage(data, gz, level="county")      # polars DataFrame per county
    analysis.comparison(data, gz)                     # one row per jurisdiction × report
    analysis.gaps(data, gz, scope="511681")           # polars DataFrame of findings
    analysis.measures(data)                           # helper load, redundancy, centrality
    analysis.money(data, gz, by="place")              # money totals, and what was left out
    analysis.to_pandas(table)                         # needs pip install 'bangfu-kg[pandas]'
    analysis.help_graph(data)                         # NetworkX projections
    analysis.village_helpers(data, gz, village="新坪村")  # helpers and source sentences
"""

from kg.analysis.claims import claim_frame, conflicts, registry_checks
from kg.analysis.coverage import claim_matching, comparison, coverage, helped_villages
from kg.analysis.data import AnalysisData, load
from kg.analysis.gaps import GAP_KINDS, gaps
from kg.analysis.measures import measures
from kg.analysis.money import money, money_items
from kg.analysis.projections import help_graph, org_graph, partof_tree
from kg.analysis.sources import village_helpers
from kg.analysis.tables import to_pandas

__all__ = [
    "GAP_KINDS",
    "AnalysisData",
    "claim_frame",
    "claim_matching",
    "comparison",
    "conflicts",
    "coverage",
    "gaps",
    "help_graph",
    "helped_villages",
    "load",
    "measures",
    "money",
    "money_items",
    "org_graph",
    "partof_tree",
    "registry_checks",
    "to_pandas",
    "village_helpers",
]
