"""Stage 4, render: a derived Document laid out as a file format (bytes). Renderers never read YAML."""
