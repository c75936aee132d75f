"""Writing the site: staging and the atomic swap, ownership, twins, site-wide files, search."""
