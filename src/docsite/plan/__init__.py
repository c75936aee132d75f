"""The plan of the site, from front matter alone: versions, URLs, redirects, the tree."""

from docsite.plan.site import SitePlan, Target

__all__ = ["SitePlan", "Target"]
