"""What makes rendered pages a site: the plan, the tree, navigation, search, SEO and twins."""

from docsite.site.plan import SitePlan, Target

__all__ = ["SitePlan", "Target"]
