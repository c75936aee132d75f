"""The sources, read safely: pages with their front matter, data files, release notes."""
