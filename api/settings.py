"""Settings of the HTTP service (environment prefix ``KG_``), beside the graph's own.

>>> ServiceSettings(port=9000, query_timeout=2).query_timeout
2.0

:class:`ServiceSettings` extends :class:`kg.settings.Settings` (store, base
IRI), so one environment configures both: ``KG_STORE``, ``KG_TOKEN``,
``KG_QUERY_TIMEOUT`` … Read through :func:`get_service_settings` (cached);
tests pass their own to :func:`api.main.create_app`.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from kg.settings import Settings

__all__ = ["ServiceSettings", "get_service_settings"]


class ServiceSettings(Settings):
    """Configuration of `kg serve`: where it listens, its limits, the write token."""

    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore")

    host: str = Field("127.0.0.1", description="Address to listen on. 监听地址。")
    port: int = Field(8000, ge=1, le=65535, description="Port to listen on. 端口。")
    token: SecretStr | None = Field(
        None,
        description="Bearer token for POST /documents and DELETE /documents/{id}; without it "
        "the service is read-only. 上传/删除文档所需令牌（未设置则只读）。",
    )
    query_timeout: float = Field(
        10.0,
        gt=0,
        description="Seconds a SPARQL query may run before it is stopped (its worker process "
        "is killed). 查询超时（秒）。",
    )
    result_cap: int = Field(
        10_000,
        ge=1,
        description="Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) one SPARQL answer "
        "carries; a longer one is cut and says so in the X-Result-Truncated header. 结果行数上限。",
    )
    sparql_workers: int = Field(
        2, ge=1, le=32, description="Worker processes that run SPARQL queries. 查询进程数。"
    )
    graph_node_limit: int = Field(
        40,
        ge=1,
        description="Nodes a graph view draws at first; a 'more' control shows more. "
        "图视图初始节点数上限。",
    )
    graph_max_depth: int = Field(
        4,
        ge=1,
        le=10,
        description="Deepest neighbourhood a graph view may ask for. 图视图最大深度。",
    )
    max_upload_mb: float = Field(
        20.0,
        gt=0,
        description="Largest report file POST /documents accepts (MB). 上传文件大小上限。",
    )
    cache_entries: int = Field(
        1024,
        ge=0,
        description="Answers (REST GETs, SPARQL results) kept in memory until the store "
        "changes; 0 turns the cache off. 缓存条目数（0 为关闭）。",
    )
    search_villages: bool = Field(
        True,
        description="Index the ~620,000 village-level names for search too (about a second and "
        "60 MB more at start-up). 搜索是否包括村级单位。",
    )


@cache
def get_service_settings() -> ServiceSettings:
    """The service settings from the environment (cached)."""
    return ServiceSettings()
