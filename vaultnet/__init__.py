"""vaultnet: a personal networking CRM over a folder of Markdown notes."""

__all__ = ["__version__"]
__version__ = "0.1.0"
