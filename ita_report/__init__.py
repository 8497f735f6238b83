"""ita-report: the Thai ITA measure report and its cover memo, from YAML files to Word documents."""

__version__ = "0.1.0"
