"""Settings in one pydantic-settings object (environment prefix ``KG_``).

>>> from kg.settings import Settings
>>> Settings(store="/tmp/s").store
'/tmp/s'

Read through :func:`get_settings` (cached); tests build their own
``Settings(...)`` or clear the cache. Nothing is read at import time.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_BASE", "Settings", "get_settings"]

DEFAULT_BASE = "https://bangfu-kg.org/id/"


class Settings(BaseSettings):
    """Configuration of the graph stages (store, namespace)."""

    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore")

    store: str = Field(
        "./kg-store",
        description="Where the graph lives: a directory for the embedded Oxigraph store "
        "(created on first build). 图谱存储目录。",
    )
    base: str = Field(
        DEFAULT_BASE,
        description="Base IRI of every node the project mints (places, orgs, documents …); "
        "must end with '/' or '#'. 实体 IRI 前缀。",
    )
    query_limit: int = Field(
        10_000, description="Most rows `kg query` prints in table form. 查询表格最多行数。"
    )


@cache
def get_settings() -> Settings:
    """The settings from the environment (cached; ``get_settings.cache_clear()`` to re-read)."""
    return Settings()
