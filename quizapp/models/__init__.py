from .sources import Article, Outlet, Passage

__all__ = ["Article", "Outlet", "Passage"]
