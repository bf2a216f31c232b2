"""views of the industry-chains area, one module per part (committees, duty, tickets, assessment, service)."""

from industry_chains.views.index import DepartmentListView, IndustryChainListView, IndustryChainsIndexView

__all__ = ["DepartmentListView", "IndustryChainListView", "IndustryChainsIndexView"]
