"""The analysis tables elsewhere: pandas (an optional extra).

The tables are polars DataFrames; ``.to_dicts()``, ``.write_csv()`` and
``.write_parquet()`` work with the installed package. For pandas, install the
extra (``pip install 'bangfu-kg[pandas]'``: pandas and pyarrow, which polars
needs for the conversion) and use :func:`to_pandas`, which says so in one line
when they are missing.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from ingest.deps import require

__all__ = ["to_pandas"]


def to_pandas(df: pl.DataFrame) -> Any:
    """``df`` as a pandas DataFrame; :class:`~ingest.errors.DependencyError` when
    pandas or pyarrow is not installed (``pip install 'bangfu-kg[pandas]'``)."""
    require("pandas", purpose="to_pandas", extra="pandas")
    require("pyarrow", purpose="to_pandas (polars converts through it)", extra="pandas")
    return df.to_pandas()
