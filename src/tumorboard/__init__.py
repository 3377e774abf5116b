"""tumorboard: software for multidisciplinary cancer-surgery services."""

__version__ = "0.1.0"
