"""monitor: AI-industry news, tagged by company and layer, digested monthly."""

__version__ = "0.1.0"
